package daz.sql.journal;

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
                advanced.signalAll();
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
            while (position <= target && !closed.getAsBoolean()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = advanced.awaitNanos(nanos);
            }
            return position > target;
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
