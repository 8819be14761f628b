package daz.api.cytube;

import java.util.Objects;

/**
 * A private message for the bot to send: publish it on {@value #TOPIC}. Paced, split and ordered together with the
 * channel's chat (CyTube counts both against one limit). Published as a request, the reply (a {@link SendReceipt})
 * comes once every part was written to the server.
 *
 * @param channel the channel the recipient is in (as configured)
 * @param to the recipient's user name
 * @param text plain text
 */
public record OutgoingPrivateMessage(String channel, String to, String text) {

    /** The topic to publish outgoing private messages on. */
    public static final String TOPIC = "cytube.send.pm";

    /** Checks the fields. */
    public OutgoingPrivateMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
    }
}
