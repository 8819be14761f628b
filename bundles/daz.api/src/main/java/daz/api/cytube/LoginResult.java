package daz.api.cytube;

import java.util.Objects;
import java.util.Optional;

/**
 * The server's answer to the bot's {@code login}.
 *
 * @param success whether the bot is logged in
 * @param name the name it is logged in with (on success)
 * @param guest whether it is logged in as a guest
 * @param error why the login failed (on failure), e.g. {@code Invalid username/password combination}
 */
public record LoginResult(boolean success, Optional<String> name, boolean guest, Optional<String> error) {

    /** Checks the fields. */
    public LoginResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(error, "error");
    }
}
