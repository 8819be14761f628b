package daz.api.event;

import daz.api.cytube.CytubeEvent;
import java.util.Objects;

/**
 * One event of a channel as a {@link ChannelListener} receives it: the typed payload, with the event as received
 * (its raw JSON included) at hand.
 *
 * @param channel the channel it came from
 * @param payload the payload as the type the listener asked for
 * @param source the event as Daz received it: name, raw JSON, time, whether it was replayed
 * @param <T> the payload's type
 */
public record ChannelEvent<T>(String channel, T payload, CytubeEvent source) {

    /** Checks the fields. */
    public ChannelEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(source, "source");
    }

    /** The event's JSON exactly as the server sent it. */
    public String raw() {
        return source.raw();
    }

    /** The CyTube event name, e.g. {@code chatMsg}. */
    public String name() {
        return source.name();
    }
}
