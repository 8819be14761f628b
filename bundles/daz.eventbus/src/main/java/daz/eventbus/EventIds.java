package daz.eventbus;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Event ids unique across restarts without a UUID per event: a random run prefix and a counter. */
final class EventIds {

    private final String prefix = Long.toString(System.currentTimeMillis(), 36)
            + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36)
            + "-";
    private final AtomicLong sequence = new AtomicLong();

    String next() {
        return prefix + sequence.incrementAndGet();
    }
}
