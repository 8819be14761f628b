package daz.eventbus;

import java.util.concurrent.TimeUnit;

/**
 * Both times an event carries from one clock read: the wall-clock milliseconds are derived from {@link System#nanoTime()}
 * and a base re-read from {@link System#currentTimeMillis()} at most once a second. A publish then reads the clock
 * once, not twice (each read costs about a fifth of a publish); a wall-clock change shows within a second.
 */
final class EventClock {

    private static final long RESYNC_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Base(long millis, long nanos) {}

    private volatile Base base = new Base(System.currentTimeMillis(), System.nanoTime());

    /** Wall-clock milliseconds at {@code nanoTime}, a {@link System#nanoTime()} reading taken just now. */
    long millisAt(long nanoTime) {
        Base current = base;
        long elapsed = nanoTime - current.nanos;
        if (elapsed >= RESYNC_NANOS || elapsed < 0) {
            current = new Base(System.currentTimeMillis(), System.nanoTime());
            base = current;
            return current.millis;
        }
        return current.millis + elapsed / 1_000_000;
    }
}
