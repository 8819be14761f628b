package daz.api.cytube;

import java.util.Objects;

/**
 * A private message ({@code pm}); CyTube sends it to both sides, so the bot also receives its own.
 *
 * @param username who sent it
 * @param to who it is for
 * @param html the message as the server sent it (escaped HTML)
 * @param text the message with HTML entities unescaped
 * @param time the server's time, milliseconds since the epoch
 */
public record PrivateMessage(String username, String to, String html, String text, long time) {

    /** Checks the fields. */
    public PrivateMessage {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }
}
