package daz.sql.logger;

/** The readable text of the HTML CyTube sends in {@code msg}: entities unescaped, tags kept as they are. */
final class HtmlText {

    private HtmlText() {}

    static String unescape(String html) {
        int amp = html.indexOf('&');
        if (amp < 0) {
            return html;
        }
        StringBuilder out = new StringBuilder(html.length());
        out.append(html, 0, amp);
        int i = amp;
        while (i < html.length()) {
            char c = html.charAt(i);
            int semi = c == '&' ? semicolon(html, i + 1) : -1;
            if (semi > i + 1) {
                String decoded = entity(html.substring(i + 1, semi));
                if (decoded != null) {
                    out.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The ';' that ends an entity starting at {@code from}, if it is near enough to be one; else -1. */
    private static int semicolon(String html, int from) {
        int end = Math.min(html.length(), from + 10);
        for (int i = from; i < end; i++) {
            char c = html.charAt(i);
            if (c == ';') {
                return i;
            }
            if (!Character.isLetterOrDigit(c) && c != '#') {
                return -1;
            }
        }
        return -1;
    }

    private static String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "nbsp":
                return "\u00a0";
            default:
                break;
        }
        if (name.startsWith("#")) {
            try {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
