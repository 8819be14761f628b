package daz.sql.journal;

import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The position before which a {@link Journal}'s records are forced to disk: it only grows, and a thread can wait for
 * it to pass a position. Apart from the journal's append lock, so that waiting never holds up an append.
 */
final class DurablePosition {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final BooleanSupplier closed;
    private volatile long position;
    /** The positions threads wait to see passed, with how many wait for each. Guarded by lock. */
    private final TreeMap<Long, Integer> targets = new TreeMap<>();
    /** How often an advance woke the waiting threads. Guarded by lock. */
    private long signals;

    /** Starts at {@code position}; waiting ends when {@code closed} says the journal is closed. */
    DurablePosition(long position, BooleanSupplier closed) {
        this.position = position;
        this.closed = closed;
    }

    long get() {
        return position;
    }

    /** Moves the position to {@code end} if that is further, and wakes the waiting threads. */
    void advance(long end) {
        lock.lock();
        try {
            if (end > position) {
                position = end;
                // only when a waiter's target is passed: the journal writer, lingering for a bigger batch, then
                // sleeps through the fsync of each single chat line instead of waking after every one
                if (!targets.isEmpty() && end > targets.firstKey()) {
                    signals++;
                    advanced.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the position is beyond {@code target}, the journal is closed, or the time is up.
     *
     * @return whether it is beyond
     */
    boolean await(long target, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            if (position > target || closed.getAsBoolean()) {
                return position > target;
            }
            targets.merge(target, 1, Integer::sum);
            try {
                while (position <= target && !closed.getAsBoolean()) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = advanced.awaitNanos(nanos);
                }
                return position > target;
            } finally {
                targets.computeIfPresent(target, (t, n) -> n == 1 ? null : n - 1);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How often an advance has woken the waiting threads (for tests). */
    long signals() {
        lock.lock();
        try {
            return signals;
        } finally {
            lock.unlock();
        }
    }

    /** How many threads wait (for tests). */
    int waiting() {
        lock.lock();
        try {
            return targets.values().stream().mapToInt(Integer::intValue).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting thread, so that they see the journal closed. */
    void wakeAll() {
        lock.lock();
        try {
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
