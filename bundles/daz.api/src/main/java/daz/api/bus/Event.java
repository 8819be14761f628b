package daz.api.bus;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message on the bus, immutable and shared by every handler that receives it.
 *
 * <p>Events are made by the bus ({@link EventBus#publish}, {@link EventBus#send}, {@link EventBus#request}), which
 * stamps {@link #source()} with the publishing bundle's symbolic name; the bus accepts no event built elsewhere, so no
 * bundle can speak in another's name.
 *
 * @param id unique within the running bus
 * @param topic dot-separated topic, without wildcards
 * @param payload what the event carries, never {@code null}
 * @param source symbolic name of the bundle that published the event
 * @param target the bundle the event was {@linkplain EventBus#send sent} to; empty for a broadcast
 * @param correlationId set on requests and their replies; ties a reply to its request
 * @param replyTo on a request, the bundle waiting for the reply
 * @param timestamp wall-clock time of publishing, milliseconds since the epoch
 * @param nanoTime {@link System#nanoTime()} when the event was made; only differences with another {@code nanoTime}
 *     reading in this JVM mean anything (latency)
 * @param priority delivery priority
 * @param tags free-form labels, for filtering and logging
 * @param loggable whether loggers (the SQL chat log, debug taps) may record this event
 */
public record Event(
        String id,
        String topic,
        Object payload,
        String source,
        Optional<String> target,
        Optional<String> correlationId,
        Optional<String> replyTo,
        long timestamp,
        long nanoTime,
        Priority priority,
        Set<String> tags,
        boolean loggable) {

    /** Checks what every event must carry; {@code tags} is copied so the event stays immutable. */
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        if (payload == null) {
            throw new NullPointerException("payload must not be null (topic '" + topic + "', bundle '" + source + "')");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(priority, "priority");
        tags = Set.copyOf(tags);
    }

    /** Whether this event is a request that expects a {@link EventBus#reply reply}. */
    public boolean isRequest() {
        return replyTo.isPresent();
    }

    /**
     * The payload as the given type.
     *
     * @throws ClassCastException if the payload is of another type, naming both
     */
    public <T> T payload(Class<T> type) {
        if (!type.isInstance(payload)) {
            throw new ClassCastException("payload of topic '" + topic + "' from '" + source + "' is a "
                    + payload.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(payload);
    }
}
