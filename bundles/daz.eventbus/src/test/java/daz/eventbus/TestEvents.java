package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.Priority;
import java.util.Optional;
import java.util.Set;

/** Events made by hand for the queue tests (the bus makes them otherwise). */
final class TestEvents {

    private TestEvents() {}

    /** An event on topic {@code t} carrying {@code n}. */
    static Event event(int n, Priority priority) {
        return new Event(
                "id" + n,
                "t",
                n,
                "test",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                priority,
                Set.of(),
                true);
    }

    static Event event(int n) {
        return event(n, Priority.NORMAL);
    }
}
