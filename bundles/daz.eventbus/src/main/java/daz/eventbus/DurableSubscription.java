package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription of a handler with a durable name ({@link EventHandler#DURABLE}): it outlives the handler's
 * service. When the service goes away the subscription stays in the table without a handler and its
 * {@link DurableQueue} holds what it receives; when a handler with the same name registers, it becomes this
 * subscription's handler and gets what was held first, in order. Events published during the handover go into the
 * same queue behind them, so none is lost or overtaken.
 *
 * <p>Every call of the handler runs under the read lock, and taking the handler away takes the write lock, so once
 * the service's unbinding returns no call of the old handler runs and none starts: each event goes to exactly one of
 * the old and the new handler. A synchronous durable handler runs inline as long as nothing older is queued for it;
 * while it is away, and until what was held is delivered, its events are queued and a bus thread hands them over.
 */
final class DurableSubscription extends HandlerSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(DurableSubscription.class);

    /** How long taking a handler away waits for its call in progress; past it, the call finishes on its own. */
    private static final long DETACH_WAIT_SECONDS = 5;

    final String durableName;
    private final DurableQueue queue;
    private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock();
    private volatile ScheduledFuture<?> release;

    DurableSubscription(
            ComponentServiceObjects<EventHandler> service,
            HandlerProperties properties,
            int capacity,
            int holdLimit,
            WorkerPool pool) {
        super(service, properties, capacity, pool, false);
        this.durableName = properties.durable().orElseThrow();
        this.queue = new DurableQueue(Math.max(capacity, 1), holdLimit);
    }

    @Override
    boolean isAttached() {
        return hasService();
    }

    @Override
    boolean enqueue(Event event, TopicStats stats) {
        if (!queue.offer(event, stats)) {
            return false;
        }
        if (hasService() && trySchedule()) {
            pool().submit(this);
        }
        return true;
    }

    @Override
    boolean deliverSync(Event event, TopicStats stats, FailureListener failures) {
        if (isClosed()) {
            return false;
        }
        calls.readLock().lock();
        try {
            if (!hasService() || !queue.idle()) {
                enqueue(event, stats); // behind what is held; a bus thread delivers it
                return false;
            }
            call(event, stats, failures);
            delivered.increment();
            return true;
        } finally {
            calls.readLock().unlock();
        }
    }

    @Override
    int runBatch(int max, WorkerPool.Worker worker, FailureListener failures) {
        long start = System.nanoTime();
        int count = 0;
        while (count < max && !isClosed() && !worker.stopping()) {
            calls.readLock().lock();
            try {
                DurableQueue.Entry next = hasService() ? queue.peek() : null;
                if (next == null) {
                    break;
                }
                count++;
                call(next.event(), next.stats(), failures);
                next.stats().delivered.increment();
                queue.remove(next); // only now: a synchronous handler's publishers queue behind it until then
            } finally {
                calls.readLock().unlock();
            }
        }
        timed(start, count);
        return count;
    }

    private void call(Event event, TopicStats stats, FailureListener failures) {
        try {
            handler().handle(event);
        } catch (Throwable e) {
            failures.handlerFailed(this, event, stats, e);
        }
    }

    /**
     * The handler's service went away: from now on events are held, up to {@code holdLimit}, and the service is given
     * back. Waits for a call of the handler in progress (unless that call is what unregisters it).
     */
    void detach(int holdLimit) {
        boolean locked = false;
        if (calls.getReadHoldCount() == 0) {
            try {
                locked = calls.writeLock().tryLock(DETACH_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!locked) {
                LOG.warn(
                        "Durable handler '{}' ({}) still runs an event after {} s; holding its events from now on",
                        durableName,
                        name(),
                        DETACH_WAIT_SECONDS);
            }
        }
        try {
            queue.hold(holdLimit); // first: from now on nothing is refused as over the handler's capacity
            releaseService();
        } finally {
            if (locked) {
                calls.writeLock().unlock();
            }
        }
    }

    /** A handler with this durable name registered: it gets what is held, then what comes next. */
    void attach(ComponentServiceObjects<EventHandler> service, HandlerProperties properties) {
        ScheduledFuture<?> pending = release;
        if (pending != null) {
            pending.cancel(false);
        }
        replaceProperties(properties);
        queue.handOver();
        takeService(service);
        if (queue.hasWork() && trySchedule()) {
            pool().submit(this);
        }
    }

    void releaseAfter(ScheduledFuture<?> task) {
        this.release = task;
    }

    @Override
    boolean hasWork() {
        return queue.hasWork();
    }

    @Override
    int queueDepth() {
        return queue.size();
    }

    long droppedOldest() {
        return queue.droppedOldest();
    }

    DurableMetrics durableSnapshot() {
        return new DurableMetrics(durableName, isAttached(), name(), queue.size(), queue.droppedOldest());
    }
}
