package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.Priority;
import java.util.ArrayDeque;

/**
 * The queue of a durable handler: it outlives the handler's service, so a handler that comes back under the same
 * durable name finds, in order, every event it would have received meanwhile.
 *
 * <p>While its handler is there and nothing is held back, it is bounded like any handler's queue (a full queue
 * refuses the new event, which the bus counts as a drop). While the handler is away, and after its return until what
 * was held is delivered, it holds up to the durable bound and drops the oldest event past it, counting it. A lock
 * rather than the lock-free ring of {@link HandlerQueue}: the publisher that drops the oldest event is a second
 * consumer, and only durable handlers pay for it.
 */
final class DurableQueue {

    /** An event and the counters of its topic. */
    record Entry(Event event, TopicStats stats) {}

    private final ArrayDeque<Entry> high = new ArrayDeque<>();
    private final ArrayDeque<Entry> normal = new ArrayDeque<>();
    private final int capacity;
    private int holdLimit;
    private boolean attached = true;
    private boolean holding;
    private long droppedOldest;

    DurableQueue(int capacity, int holdLimit) {
        this.capacity = capacity;
        this.holdLimit = holdLimit;
    }

    /** Adds an event; {@code false} only when the handler is there, nothing is held back and the queue is full. */
    synchronized boolean offer(Event event, TopicStats stats) {
        int size = high.size() + normal.size();
        if (holding) {
            if (size >= holdLimit) {
                Entry oldest = normal.isEmpty() ? high.poll() : normal.poll();
                oldest.stats().dropped.increment();
                droppedOldest++;
            }
        } else if (size >= capacity) {
            return false;
        }
        (event.priority() == Priority.HIGH ? high : normal).add(new Entry(event, stats));
        return true;
    }

    /** The next event to hand over, high priority first; it stays queued until {@link #remove}. */
    synchronized Entry peek() {
        Entry next = high.peek();
        return next != null ? next : normal.peek();
    }

    /** Takes the entry {@link #peek()} gave, once handled (unless it was dropped meanwhile). */
    synchronized void remove(Entry handled) {
        if (high.peek() == handled) {
            high.poll();
        } else if (normal.peek() == handled) {
            normal.poll();
        }
        if (attached && high.isEmpty() && normal.isEmpty()) {
            holding = false; // what was held is delivered: bounded as usual again
        }
    }

    /** The handler went away: hold up to {@code limit} events, dropping the oldest past it. */
    synchronized void hold(int limit) {
        holdLimit = limit;
        attached = false;
        holding = true;
    }

    /** A handler is back: what is held goes to it first, and new events queue behind it until it is delivered. */
    synchronized void handOver() {
        attached = true;
        holding = !high.isEmpty() || !normal.isEmpty();
    }

    /** Whether a synchronous handler may take an event inline: it is there and nothing older waits for it. */
    synchronized boolean idle() {
        return attached && !holding && high.isEmpty() && normal.isEmpty();
    }

    synchronized boolean hasWork() {
        return !high.isEmpty() || !normal.isEmpty();
    }

    synchronized int size() {
        return high.size() + normal.size();
    }

    /** Events dropped, oldest first, because more were held than the bound allows. */
    synchronized long droppedOldest() {
        return droppedOldest;
    }

    int capacity() {
        return capacity;
    }
}
