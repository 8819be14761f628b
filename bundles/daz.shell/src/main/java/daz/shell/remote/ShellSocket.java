package daz.shell.remote;

import java.nio.file.Path;

/**
 * Where {@code bin/daz-shell} finds a running runtime: {@code data/shell/daz.sock} under its home folder. The
 * folder is {@code 0700} and the socket {@code 0600}, both owned by the account that runs the bot.
 */
public final class ShellSocket {

    /** The socket, relative to the Daz home folder. */
    public static final String RELATIVE_PATH = "data/shell/daz.sock";

    private ShellSocket() {}

    public static Path under(Path home) {
        return home.resolve(RELATIVE_PATH);
    }
}
