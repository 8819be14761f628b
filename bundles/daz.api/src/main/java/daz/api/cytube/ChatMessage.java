package daz.api.cytube;

import java.util.Objects;

/**
 * A chat line ({@code chatMsg}).
 *
 * @param username who said it ({@code [server]} for server whispers)
 * @param html the message as the server sent it: cut to the channel's limit, HTML-escaped, with markup and links
 *     turned into HTML
 * @param text the same message with the HTML entities unescaped, for matching commands and for reading
 * @param time the server's time of the message, milliseconds since the epoch
 * @param serverWhisper whether it is a server whisper ({@code meta.addClass = "server-whisper"})
 */
public record ChatMessage(String username, String html, String text, long time, boolean serverWhisper) {

    /** Checks the fields. */
    public ChatMessage {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }
}
