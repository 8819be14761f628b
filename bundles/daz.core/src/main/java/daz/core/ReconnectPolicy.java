package daz.core;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a failed attempt: exponential backoff from {@code initial} doubling up to {@code max}, with
 * "equal jitter" (half the delay fixed, half random) so several bots that lost one server do not return in step; after
 * {@code maxAttempts} failures in a row, a {@code cooldown} before the next round.
 *
 * @param maxAttempts failed attempts in a row before the cooldown
 * @param cooldown the pause after {@code maxAttempts} failures
 * @param initial the delay before the first retry (before jitter)
 * @param max the longest delay between two attempts (before jitter)
 * @param random uniform numbers in [0, 1)
 */
record ReconnectPolicy(int maxAttempts, Duration cooldown, Duration initial, Duration max, DoubleSupplier random) {

    ReconnectPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("reconnect attempts must be at least 1, not " + maxAttempts);
        }
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || cooldown.isNegative()) {
            throw new IllegalArgumentException("invalid backoff " + initial + ".." + max + ", cooldown " + cooldown);
        }
    }

    /** The delay before attempt {@code failedAttempts + 1}, after {@code failedAttempts} (at least 1) failures. */
    Duration delayAfter(int failedAttempts) {
        int exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
        long base = Math.min(max.toMillis(), initial.toMillis() << exponent);
        if (base < 0) {
            base = max.toMillis();
        }
        long half = base / 2;
        return Duration.ofMillis(base - half + (long) (random.getAsDouble() * half));
    }

    /** Whether {@code failedAttempts} failures in a row call for the cooldown. */
    boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }
}
