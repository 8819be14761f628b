package daz.itests;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits on a condition with a deadline, checking often; fails with what was awaited. */
public final class Await {

    private Await() {}

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Waits for the condition up to the timeout and says whether it came true (no failure). */
    public static boolean poll(Duration timeout, BooleanSupplier condition) {
        try {
            until(timeout, "a condition", condition);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Waits until {@code value} returns non-null, and returns it. */
    public static <T> T value(Duration timeout, String what, Supplier<T> value) {
        Object[] holder = new Object[1];
        until(timeout, what, () -> (holder[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T result = (T) holder[0];
        return result;
    }
}
