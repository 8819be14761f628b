package daz.eventbus;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/** Waits for a condition with a deadline, checking often; never a bare sleep. */
final class Await {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private Await() {}

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionFailedError("not within " + DEADLINE + ": " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
