package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.bus.Priority;
import daz.api.bus.TopicPattern;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * One registered {@link EventHandler} service: its subscription, and for an asynchronous handler its queues and
 * scheduling state.
 *
 * <p>An asynchronous handler is {@link #IDLE} or {@link #SCHEDULED} (waiting in the worker pool's run queue or being
 * run by one worker). Only the publisher that moves it from idle to scheduled submits it, so it runs on one thread at a
 * time and its queue has one consumer at a time. A worker that finds its queues empty sets it idle and then looks
 * again, and a publisher looks at the state after adding an event; as both are volatile accesses, one of the two sees
 * the other and no event is left behind unscheduled.
 */
class HandlerSubscription {

    static final int IDLE = 0;
    static final int SCHEDULED = 1;

    /** Mean time per event above which a handler counts as slow: the pool keeps another thread responsive then. */
    static final long SLOW_NANOS_PER_EVENT = 50_000;

    /** Mean time per event above which what the handler publishes goes to another worker (see {@link #blocksLong}). */
    static final long HAND_OFF_NANOS_PER_EVENT = 1_000_000;

    /** One synchronous call in this many is timed; a power of two. */
    static final int SYNC_SAMPLE = 16;

    private static final VarHandle STATE;
    private static final VarHandle HIGH;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(HandlerSubscription.class, "state", int.class);
            HIGH = lookup.findVarHandle(HandlerSubscription.class, "high", HandlerQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The handler's service, taken from the framework on the handler's first event rather than when the bus binds it:
     * binding it eagerly would activate a handler component while the bus itself is being bound, and a handler that
     * references the EventBus (to reply, to publish) would then need the bus in the middle of its own binding, a
     * cycle SCR refuses. {@code null} once the handler is gone (while a durable one is away).
     */
    private volatile ComponentServiceObjects<EventHandler> service;

    private volatile EventHandler instance;
    final boolean sync;

    /** Topics and ranking: a change of the service's properties replaces them, the queue stays. */
    private volatile HandlerProperties properties;

    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Handling time of the calls that were timed: all of an asynchronous handler's, a sample of a synchronous one's. */
    final LongAdder sampledNanos = new LongAdder();

    final LongAdder sampledCalls = new LongAdder();
    final LogThrottle dropLog = new LogThrottle(10, TimeUnit.SECONDS);
    final LogThrottle errorLog = new LogThrottle(10, TimeUnit.SECONDS);

    private final HandlerQueue normal;
    private final int capacity;
    private final WorkerPool pool;

    @SuppressWarnings("unused") // through HIGH: made on the first high-priority event
    private volatile HandlerQueue high;

    @SuppressWarnings("unused") // through STATE
    private volatile int state = IDLE;

    private volatile boolean closed;

    private int syncCalls;

    /** Recent mean nanoseconds per event; read and written only by the thread running the handler. */
    private long recentNanosPerEvent;

    HandlerSubscription(
            ComponentServiceObjects<EventHandler> service,
            HandlerProperties properties,
            int capacity,
            WorkerPool pool) {
        this(service, properties, capacity, pool, !properties.sync());
    }

    /** For a subclass with a queue of its own: {@code ringQueue} false makes none here. */
    HandlerSubscription(
            ComponentServiceObjects<EventHandler> service,
            HandlerProperties properties,
            int capacity,
            WorkerPool pool,
            boolean ringQueue) {
        this.service = service;
        this.properties = properties;
        this.sync = properties.sync();
        this.capacity = sync ? 0 : capacity;
        this.normal = ringQueue ? new HandlerQueue(capacity) : null;
        this.pool = pool;
    }

    /**
     * Takes the new properties of the same service (same id, same delivery mode): new topics and ranking, and the
     * events already queued are kept. The table is re-sorted by the caller.
     */
    void update(HandlerProperties changed) {
        if (changed.sync() != sync || !changed.durable().equals(properties.durable())) {
            throw new IllegalArgumentException("not the same kind of subscription: " + changed);
        }
        properties = changed;
    }

    /** A durable subscription's new handler: its properties, under its new service id. */
    final void replaceProperties(HandlerProperties next) {
        properties = next;
    }

    HandlerProperties properties() {
        return properties;
    }

    long serviceId() {
        return properties.serviceId();
    }

    /** Symbolic name of the handler's bundle (a durable subscription's successor may come from another). */
    String bundle() {
        return properties.bundle();
    }

    /** Whether a handler is there to run; only a durable subscription is ever without one. */
    boolean isAttached() {
        return true;
    }

    WorkerPool pool() {
        return pool;
    }

    /** Counts the time of a worker's turn of {@code count} events. */
    final void timed(long start, int count) {
        if (count > 0) {
            // Timed per batch, not per event: a clock read costs about as much as a fast handler.
            long elapsed = System.nanoTime() - start;
            sampledNanos.add(elapsed);
            sampledCalls.add(count);
            delivered.add(count);
            recentNanosPerEvent = (recentNanosPerEvent * 3 + elapsed / count) / 4;
        }
    }

    int ranking() {
        return properties.ranking();
    }

    boolean matches(String[] topicSegments) {
        for (TopicPattern pattern : properties.topics()) {
            if (pattern.matches(topicSegments)) {
                return true;
            }
        }
        return false;
    }

    /** Publisher side of an asynchronous handler: queues the event, schedules the handler if it was idle. */
    boolean enqueue(Event event, TopicStats stats) {
        HandlerQueue queue = event.priority() == Priority.HIGH ? highQueue() : normal;
        if (!queue.offer(event, stats)) {
            return false;
        }
        if (state == IDLE && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            pool.submit(this);
        }
        return true;
    }

    private HandlerQueue highQueue() {
        HandlerQueue queue = high;
        if (queue == null) {
            HIGH.compareAndSet(this, null, new HandlerQueue(normal.capacity()));
            queue = high;
        }
        return queue;
    }

    /**
     * Runs a synchronous handler on the caller's thread; topic delivery counts are the caller's to add.
     *
     * @return whether the handler ran (a durable one may queue the event instead, behind older ones)
     */
    boolean deliverSync(Event event, TopicStats stats, FailureListener failures) {
        if (closed) {
            return false;
        }
        // A clock read costs as much as a fast handler: time one call in SYNC_SAMPLE (racy counter, fine for that).
        boolean timed = (++syncCalls & (SYNC_SAMPLE - 1)) == 0;
        long start = timed ? System.nanoTime() : 0;
        try {
            handler().handle(event);
        } catch (Throwable e) {
            failures.handlerFailed(this, event, stats, e);
        }
        if (timed) {
            sampledNanos.add(System.nanoTime() - start);
            sampledCalls.increment();
        }
        delivered.increment();
        return true;
    }

    /**
     * Worker side: hands up to {@code max} queued events to the handler, high priority first, and stops early when
     * the worker is asked to stop or the handler goes away.
     *
     * @return how many events it handed over
     */
    int runBatch(int max, WorkerPool.Worker worker, FailureListener failures) {
        long start = System.nanoTime();
        int count = 0;
        TopicStats counting = null;
        int uncounted = 0;
        while (count < max && !closed && !worker.stopping()) {
            HandlerQueue queue = high;
            Event event = queue == null ? null : queue.poll();
            if (event == null) {
                queue = normal;
                event = queue.poll();
                if (event == null) {
                    break;
                }
            }
            TopicStats stats = queue.polledStats();
            if (stats != counting) {
                if (counting != null) {
                    counting.delivered.add(uncounted);
                }
                counting = stats;
                uncounted = 0;
            }
            count++;
            uncounted++;
            try {
                handler().handle(event);
            } catch (Throwable e) {
                failures.handlerFailed(this, event, stats, e);
            }
        }
        if (count > 0) {
            counting.delivered.add(uncounted);
        }
        timed(start, count);
        return count;
    }

    boolean isSlow() {
        return recentNanosPerEvent > SLOW_NANOS_PER_EVENT;
    }

    /**
     * Whether the handler takes long enough per event (a millisecond or more, recently) that what it publishes should
     * not wait for it to return: the pool then wakes another worker rather than hand the work to this one.
     */
    boolean blocksLong() {
        return recentNanosPerEvent > HAND_OFF_NANOS_PER_EVENT;
    }

    boolean hasWork() {
        HandlerQueue queue = high;
        return normal.hasWork() || (queue != null && queue.hasWork());
    }

    /** Worker side, queues found empty: the next publisher will schedule the handler again. */
    void setIdle() {
        state = IDLE;
    }

    /** Worker side, after {@link #setIdle()}: takes the handler back if an event came in meanwhile. */
    boolean trySchedule() {
        return STATE.compareAndSet(this, IDLE, SCHEDULED);
    }

    /**
     * The handler went away: it gets no further event. Whatever is queued is dropped with the queues once nothing
     * refers to this subscription any more; a handler call already running finishes.
     */
    void close() {
        closed = true;
        releaseService();
    }

    /** The handler, fetched from its service on first use; throws when it is gone or cannot be activated. */
    final EventHandler handler() {
        EventHandler fetched = instance;
        return fetched != null ? fetched : fetch();
    }

    private synchronized EventHandler fetch() {
        if (instance == null) {
            ComponentServiceObjects<EventHandler> objects = service;
            if (objects == null) {
                throw new IllegalStateException("the handler service is gone");
            }
            EventHandler fetched = objects.getService();
            if (fetched == null) {
                throw new IllegalStateException("the handler service could not be activated (see the log of SCR)");
            }
            instance = fetched;
        }
        return instance;
    }

    final boolean hasService() {
        return service != null;
    }

    /** A new service for the handler (a durable handler's successor); fetched on its first event. */
    final synchronized void takeService(ComponentServiceObjects<EventHandler> objects) {
        service = objects;
        instance = null;
    }

    /** Gives the handler back to the framework, once, and forgets it. */
    final synchronized void releaseService() {
        ComponentServiceObjects<EventHandler> objects = service;
        EventHandler fetched = instance;
        service = null;
        instance = null;
        if (objects != null && fetched != null) {
            try {
                objects.ungetService(fetched);
            } catch (IllegalStateException alreadyGone) {
                // the providing bundle stopped first
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    int queueDepth() {
        if (sync) {
            return 0;
        }
        HandlerQueue queue = high;
        return normal.size() + (queue == null ? 0 : queue.size());
    }

    int capacity() {
        return capacity;
    }

    String name() {
        return bundle() + "/" + serviceId();
    }

    HandlerMetrics snapshot() {
        HandlerProperties now = properties;
        return new HandlerMetrics(
                now.bundle(),
                now.serviceId(),
                now.ranking(),
                now.topicTexts(),
                sync,
                queueDepth(),
                capacity,
                delivered.sum(),
                dropped.sum(),
                errors.sum(),
                sampledNanos.sum(),
                sampledCalls.sum());
    }
}
