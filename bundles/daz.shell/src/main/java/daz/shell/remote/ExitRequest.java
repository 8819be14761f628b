package daz.shell.remote;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code exit [status]}, {@code quit} or {@code logout} typed in {@code bin/daz-shell}: it ends the shell session,
 * never the bot. On the console, Gogo's {@code exit} is {@code System.exit} (the gosh profile adds
 * {@code java.lang.System}'s methods as commands), which would stop the whole runtime from a remote session.
 *
 * @param status the status the client ends with
 */
record ExitRequest(int status) {

    private static final Pattern EXIT = Pattern.compile("\\s*(?:exit|quit|logout)(?:\\s+(\\S.*?))?\\s*");

    /**
     * The exit that {@code line} asks for, if it does; a status that is no int is refused with
     * {@link IllegalArgumentException} rather than handed to Gogo.
     */
    static Optional<ExitRequest> parse(String line) {
        Matcher m = EXIT.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(1) == null) {
            return Optional.of(new ExitRequest(0));
        }
        try {
            return Optional.of(new ExitRequest(Integer.parseInt(m.group(1))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("exit takes a status number, not '" + m.group(1) + "'");
        }
    }
}
