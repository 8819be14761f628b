package daz.eventbus;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets one log line through per interval and counts the rest, so a handler that fails or overflows thousands of times
 * a second does not flood the log.
 */
final class LogThrottle {

    private final long intervalNanos;
    private final AtomicLong nextAllowed;
    private final LongAdder suppressed = new LongAdder();

    LogThrottle(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
        this.nextAllowed = new AtomicLong(System.nanoTime());
    }

    /** The number of lines suppressed since the last one let through, or -1 when this one is to be suppressed. */
    long acquire() {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return suppressed.sumThenReset();
        }
        suppressed.increment();
        return -1;
    }
}
