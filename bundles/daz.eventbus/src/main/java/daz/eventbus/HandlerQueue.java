package daz.eventbus;

import daz.api.bus.Event;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded lock-free queue of events for one handler: many publishers, one consumer at a time.
 *
 * <p>Why not {@code ArrayBlockingQueue}: its lock and condition signal on every offer cost more than the rest of a
 * publish. Here a publisher claims a slot with one CAS on the producer index and publishes the element with a release
 * store; the consumer reads with acquire and frees the slot with a release store of the consumer index (the
 * multi-producer ring of JCTools' {@code MpscArrayQueue}). The consumer may change threads between runs: the
 * handler's scheduling state hands it over with a volatile write/read, which orders its plain fields too.
 *
 * <p>Each element travels with the {@link TopicStats} of its topic, so the consumer can count per topic without a
 * lookup or an allocation per event.
 */
final class HandlerQueue {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ELEMENTS = MethodHandles.arrayElementVarHandle(Object[].class);

    // Indices live in one array, 128 bytes apart, so publishers and the consumer don't share a cache line.
    private static final int PRODUCER_INDEX = 16;
    private static final int PRODUCER_LIMIT = 17;
    private static final int CONSUMER_INDEX = 32;
    private static final int INDEX_ARRAY_LENGTH = 48;

    private final long[] indices = new long[INDEX_ARRAY_LENGTH];
    private final Object[] events;
    private final TopicStats[] stats;
    private final int mask;
    private final int capacity;

    /** Stats of the element {@link #poll()} returned last; consumer-owned. */
    private TopicStats polledStats;

    HandlerQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        int length = Integer.highestOneBit(capacity);
        if (length < capacity) {
            length <<= 1;
        }
        this.events = new Object[length];
        this.stats = new TopicStats[length];
        this.mask = length - 1;
        LONGS.setRelease(indices, PRODUCER_LIMIT, (long) capacity);
    }

    int capacity() {
        return capacity;
    }

    /** Adds an event unless the queue is full; never blocks. */
    boolean offer(Event event, TopicStats topicStats) {
        long limit = (long) LONGS.getOpaque(indices, PRODUCER_LIMIT);
        long index;
        do {
            index = (long) LONGS.getVolatile(indices, PRODUCER_INDEX);
            if (index >= limit) {
                limit = (long) LONGS.getVolatile(indices, CONSUMER_INDEX) + capacity;
                if (index >= limit) {
                    return false;
                }
                // Racy but safe: a stale, lower limit only makes a publisher re-read the consumer index.
                LONGS.setOpaque(indices, PRODUCER_LIMIT, limit);
            }
        } while (!LONGS.compareAndSet(indices, PRODUCER_INDEX, index, index + 1));
        int slot = (int) index & mask;
        stats[slot] = topicStats;
        ELEMENTS.setRelease(events, slot, event);
        return true;
    }

    /**
     * Takes the oldest event, or {@code null} when there is none ready. An empty slot means "nothing ready" even if a
     * publisher has claimed it and is about to fill it: {@link #hasWork()} still says true then, so the handler is
     * scheduled again, and the consumer never reads the producer index per event (that cache line is the publishers').
     */
    Event poll() {
        long index = (long) LONGS.getOpaque(indices, CONSUMER_INDEX);
        int slot = (int) index & mask;
        Object event = ELEMENTS.getAcquire(events, slot);
        if (event == null) {
            return null;
        }
        polledStats = stats[slot];
        stats[slot] = null;
        events[slot] = null;
        LONGS.setRelease(indices, CONSUMER_INDEX, index + 1);
        return (Event) event;
    }

    /** The topic stats of the event the last {@link #poll()} returned. */
    TopicStats polledStats() {
        return polledStats;
    }

    /** Whether a publisher has claimed a slot the consumer has not taken yet. */
    boolean hasWork() {
        return (long) LONGS.getVolatile(indices, PRODUCER_INDEX) != (long) LONGS.getVolatile(indices, CONSUMER_INDEX);
    }

    /** Events waiting; a snapshot for metrics. */
    int size() {
        long consumer = (long) LONGS.getVolatile(indices, CONSUMER_INDEX);
        long producer = (long) LONGS.getVolatile(indices, PRODUCER_INDEX);
        return (int) Math.max(0, Math.min(capacity, producer - consumer));
    }
}
