package daz.api.cytube;

import java.util.Objects;

/**
 * The server removed the bot from the channel ({@code kick}), e.g. {@code Duplicate login} when the same account
 * logged in elsewhere, or a moderator's kick or ban. The bot reports it and does not fight it by reconnecting.
 *
 * @param reason the reason the server gave
 */
public record Kick(String reason) {

    /** Checks the reason. */
    public Kick {
        Objects.requireNonNull(reason, "reason");
    }
}
