package daz.eventfilter;

import java.time.Duration;

/**
 * How many commands are dispatched and not answered yet, and a bounded wait for none to be left: the EventFilter's
 * chat handler, stopping (an update of {@code daz.eventfilter}), answers what it took before it lets its bus go.
 */
final class InFlight {

    private int count;

    synchronized void started() {
        count++;
    }

    synchronized void finished() {
        count--;
        if (count <= 0) {
            notifyAll();
        }
    }

    synchronized int count() {
        return count;
    }

    /** Waits until none is in flight, at most {@code timeout}; whether none is. */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
