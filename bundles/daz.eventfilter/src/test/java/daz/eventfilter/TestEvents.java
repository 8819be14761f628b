package daz.eventfilter;

import daz.api.bus.Event;
import daz.api.bus.Priority;
import java.util.Optional;
import java.util.Set;

/** Bus events as the bus would deliver them, for handler tests. */
final class TestEvents {

    private TestEvents() {}

    /** A broadcast from {@code source}. */
    static Event published(String topic, Object payload, String source) {
        return new Event(
                "1",
                topic,
                payload,
                source,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                1L,
                1L,
                Priority.NORMAL,
                Set.of(),
                true);
    }

    /** A request from {@code source}, waiting for a reply. */
    static Event request(String topic, Object payload, String source) {
        return new Event(
                "1",
                topic,
                payload,
                source,
                Optional.empty(),
                Optional.of("c1"),
                Optional.of(source),
                1L,
                1L,
                Priority.NORMAL,
                Set.of(),
                true);
    }
}
