package daz.api.cytube;

import java.util.Objects;

/**
 * An error the server reports to the bot ({@code errorMsg}), e.g. a PM to a user who is not there.
 *
 * @param message the server's text
 */
public record ErrorMessage(String message) {

    /** Checks the message. */
    public ErrorMessage {
        Objects.requireNonNull(message, "message");
    }
}
