package daz.api.cytube;

/**
 * The HTML CyTube makes of a chat line, back as text: {@link #toText} removes the tags (markup filters, link anchors)
 * and decodes the character references, {@link #unescape} decodes the references only and keeps the tags. Each
 * reference is decoded once. The server escapes {@code < > &} (older servers also {@code " ' ( )}), so every {@code <}
 * left in its HTML opens a tag. One decoder for every bundle: daz.core makes {@link ChatMessage#text()} with it, the
 * SQL logger its {@code text} column.
 */
public final class ChatHtml {

    private ChatHtml() {}

    /** The plain text of a chat line's HTML: tags removed, character references decoded. */
    public static String toText(String html) {
        return decode(html, true);
    }

    /** The HTML with its character references decoded and its tags kept as they are. */
    public static String unescape(String html) {
        return decode(html, false);
    }

    private static String decode(String html, boolean dropTags) {
        if ((!dropTags || html.indexOf('<') < 0) && html.indexOf('&') < 0) {
            return html;
        }
        StringBuilder out = new StringBuilder(html.length());
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<' && dropTags) {
                int close = html.indexOf('>', i + 1);
                if (close < 0) {
                    out.append(html, i, n);
                    break;
                }
                i = close + 1;
            } else if (c == '&') {
                i = reference(html, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Decodes the character reference at {@code start} (an {@code &}) into {@code out}; returns where to go on. */
    private static int reference(String html, int start, StringBuilder out) {
        int semicolon = html.indexOf(';', start + 1);
        if (semicolon < 0 || semicolon - start > 10) {
            out.append('&');
            return start + 1;
        }
        String name = html.substring(start + 1, semicolon);
        int code;
        if (name.startsWith("#x") || name.startsWith("#X")) {
            code = parse(name.substring(2), 16);
        } else if (name.startsWith("#")) {
            code = parse(name.substring(1), 10);
        } else {
            code = switch (name) {
                case "amp" -> '&';
                case "lt" -> '<';
                case "gt" -> '>';
                case "quot" -> '"';
                case "apos" -> '\'';
                case "nbsp" -> '\u00a0';
                default -> -1;
            };
        }
        if (code < 0 || code > Character.MAX_CODE_POINT || (code >= 0xd800 && code <= 0xdfff) || code == 0) {
            out.append('&');
            return start + 1;
        }
        out.appendCodePoint(code);
        return semicolon + 1;
    }

    private static int parse(String digits, int radix) {
        if (digits.isEmpty() || digits.length() > 7) {
            return -1;
        }
        try {
            return Integer.parseInt(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
