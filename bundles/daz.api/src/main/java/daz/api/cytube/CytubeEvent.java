package daz.api.cytube;

import java.util.Objects;
import java.util.Optional;

/**
 * The payload of every {@code cytube.event.<name>} event: one Socket.IO event received from a CyTube channel.
 *
 * @param channel the channel it came from
 * @param name the Socket.IO event name, e.g. {@code chatMsg}
 * @param raw the event's JSON payload exactly as received (a JSON text: object, array, string, number...);
 *     {@code null} for an event without arguments, a JSON array of the arguments for an event with several
 * @param receivedAt when the bot received it, milliseconds since the epoch
 * @param replayed true for the chat backlog CyTube re-sends on every join (everything chat-like that arrives before
 *     the join's {@code userlist}): store it if new, never act on it
 * @param typed the payload as a Daz type ({@link ChatMessage}, {@link PrivateMessage}, ...) when Daz knows the event
 */
public record CytubeEvent(
        String channel, String name, String raw, long receivedAt, boolean replayed, Optional<Object> typed) {

    /**
     * Prefix of the topics events are published on; the event name follows, with any character a topic segment
     * cannot hold ({@code .}, whitespace, {@code *}, {@code >}) replaced by {@code _}.
     */
    public static final String TOPIC_PREFIX = "cytube.event.";

    /** Checks the fields. */
    public CytubeEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(typed, "typed");
    }

    /** The typed payload if it is of the given type. */
    public <T> Optional<T> typed(Class<T> type) {
        return typed.filter(type::isInstance).map(type::cast);
    }
}
