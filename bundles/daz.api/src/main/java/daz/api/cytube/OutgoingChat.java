package daz.api.cytube;

import java.util.Objects;

/**
 * A chat line for the bot to say: publish it on {@value #TOPIC}. Lines longer than the channel's limit are split at
 * word boundaries, a {@code \n} starts a new line, and everything is paced under the server's flood limits, in order;
 * nothing is dropped. Before the channel has loaded, lines wait. Published as a request, the reply (a
 * {@link SendReceipt}) comes once every part was written to the server.
 *
 * @param channel the channel to say it in (as configured)
 * @param text plain text; the server escapes and formats it
 */
public record OutgoingChat(String channel, String text) {

    /** The topic to publish outgoing chat on. */
    public static final String TOPIC = "cytube.send.chat";

    /** Checks the fields. */
    public OutgoingChat {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(text, "text");
    }
}
