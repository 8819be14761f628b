package daz.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a text into chat lines the server takes whole: at most {@code limit} UTF-16 units each (CyTube cuts with
 * JavaScript's {@code substring}, so that is its unit), broken at whitespace where possible, never inside a surrogate
 * pair. A {@code \n} starts a new line (the server would turn it into a space); blank lines are left out, as the
 * server drops them.
 */
final class LineSplitter {

    private LineSplitter() {}

    /** The lines {@code text} becomes under a limit of {@code limit} characters. */
    static List<String> split(String text, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("line limit must be at least 2, not " + limit);
        }
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\r\n|\r|\n", -1)) {
            splitParagraph(paragraph.strip(), limit, lines);
        }
        return lines;
    }

    private static void splitParagraph(String rest, int limit, List<String> lines) {
        while (!rest.isEmpty()) {
            if (rest.length() <= limit) {
                lines.add(rest);
                return;
            }
            int cut = lastWhitespace(rest, limit);
            String line;
            if (cut > 0) {
                line = rest.substring(0, cut).stripTrailing();
                rest = rest.substring(cut).stripLeading();
            } else {
                int hard = Character.isLowSurrogate(rest.charAt(limit)) ? limit - 1 : limit;
                line = rest.substring(0, hard);
                rest = rest.substring(hard).stripLeading();
            }
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
    }

    /** The index of the last whitespace at or before {@code limit} (the line ends before it), or -1. */
    private static int lastWhitespace(String text, int limit) {
        for (int i = limit; i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
