package daz.eventfilter;

import java.util.Locale;
import java.util.Optional;

/**
 * A chat line read as a command: the word after the prefix and the rest.
 *
 * @param word the command word, lower case, never empty
 * @param args the rest of the line, trimmed
 */
record CommandLine(String word, String args) {

    /** Longest command word considered; longer ones are not commands. */
    static final int MAX_WORD = 32;

    /** The command in {@code text}, if it starts with {@code prefix} followed directly by a word. */
    static Optional<CommandLine> parse(String prefix, String text) {
        if (prefix.isEmpty() || text == null) {
            return Optional.empty();
        }
        String line = text.strip();
        if (!line.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = line.substring(prefix.length());
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
            end++;
        }
        if (end == 0 || end > MAX_WORD) {
            return Optional.empty();
        }
        String word = rest.substring(0, end).toLowerCase(Locale.ROOT);
        if (!word.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            return Optional.empty();
        }
        return Optional.of(new CommandLine(word, rest.substring(end).strip()));
    }
}
