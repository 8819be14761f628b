package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.PublishOptions;
import daz.api.bus.RequestTimeoutException;
import daz.api.bus.ResponderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests in flight: each is registered with its timeout before it is dispatched and completed once, by the first of
 * a reply, a failure, its timeout, its bundle's release or the bus's stop. Replies that come later are dropped and
 * counted, so nothing leaks after a timeout.
 */
final class RequestRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRegistry.class);

    private final ConcurrentHashMap<String, PendingRequest> pending = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder lateReplies = new LongAdder();
    private final ScheduledExecutorService timer;
    private final EventIds ids;

    RequestRegistry(ScheduledExecutorService timer, EventIds ids) {
        this.timer = timer;
        this.ids = ids;
    }

    /** Counts a request, whether or not anybody serves it. */
    void counted() {
        requests.increment();
    }

    /**
     * Registers a request and starts its timeout; the caller dispatches {@link PendingRequest#request} then.
     *
     * @return the request waiting for its reply; already completed (cancelled) if the bus is stopping
     */
    PendingRequest open(EventBusImpl owner, String source, String topic, Object payload, Duration timeout) {
        String id = ids.next();
        Event request = new Event(
                id,
                topic,
                payload,
                source,
                Optional.empty(),
                Optional.of(id),
                Optional.of(source),
                System.currentTimeMillis(),
                System.nanoTime(),
                PublishOptions.DEFAULT.priority(),
                Set.of(),
                true);
        PendingRequest waiting = new PendingRequest(request, timeout, owner);
        pending.put(id, waiting);
        owner.track(waiting);
        try {
            waiting.timeoutTask = timer.schedule(() -> timedOut(waiting), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) { // the timer is shut down: the bus is stopping
            finish(waiting, null, new CancellationException("event bus stopped"));
        }
        return waiting;
    }

    boolean reply(String responder, Event request, Object payload) {
        PendingRequest waiting = waitingFor(request, responder);
        if (payload == null) {
            throw new NullPointerException(
                    "reply payload must not be null (topic '" + request.topic() + "', bundle '" + responder + "')");
        }
        if (waiting == null) {
            return late(responder, request, "reply");
        }
        Event reply = new Event(
                ids.next(),
                request.topic(),
                payload,
                responder,
                Optional.of(request.source()),
                request.correlationId(),
                Optional.empty(),
                System.currentTimeMillis(),
                System.nanoTime(),
                request.priority(),
                Set.of(),
                request.loggable());
        return finish(waiting, reply, null) || late(responder, request, "reply");
    }

    boolean fail(String responder, Event request, Throwable cause) {
        PendingRequest waiting = waitingFor(request, responder);
        if (waiting == null) {
            return late(responder, request, "failure");
        }
        ResponderException failure = new ResponderException(
                request.topic(),
                responder,
                "responder '" + responder + "' failed the request on topic '" + request.topic() + "' from '"
                        + request.source() + "': " + cause,
                cause);
        return finish(waiting, null, failure) || late(responder, request, "failure");
    }

    /** The request in flight that {@code request} is, exactly as delivered; {@code null} if over (or forged). */
    private PendingRequest waitingFor(Event request, String responder) {
        if (request == null || !request.isRequest() || request.correlationId().isEmpty()) {
            throw new IllegalArgumentException("not a request event (bundle '" + responder + "'"
                    + (request == null ? "" : ", topic '" + request.topic() + "'") + ")");
        }
        PendingRequest waiting = pending.get(request.correlationId().get());
        return waiting != null && waiting.request == request ? waiting : null;
    }

    private boolean late(String responder, Event request, String what) {
        lateReplies.increment();
        LOG.debug(
                "Dropped {} from '{}' to request {} on topic '{}': the request is over",
                what,
                responder,
                request.id(),
                request.topic());
        return false;
    }

    private void timedOut(PendingRequest waiting) {
        Event request = waiting.request;
        finish(
                waiting,
                null,
                new RequestTimeoutException(
                        request.topic(),
                        waiting.timeout,
                        "no reply within " + waiting.timeout.toMillis() + " ms to the request on topic '"
                                + request.topic() + "' from '" + request.source() + "'"));
    }

    /** Completes a request once; whoever comes second gets {@code false}. */
    boolean finish(PendingRequest waiting, Event reply, Throwable failure) {
        if (!pending.remove(waiting.correlationId(), waiting)) {
            return false;
        }
        var task = waiting.timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
        waiting.owner.untrack(waiting);
        if (failure instanceof RequestTimeoutException) {
            timeouts.increment(); // before completing, so whoever sees the timeout sees it counted
        }
        if (failure == null) {
            waiting.result.complete(reply);
        } else {
            waiting.result.completeExceptionally(failure);
        }
        return true;
    }

    /** Cancels every request still waiting: the bus stops. Returns those it cancelled. */
    List<PendingRequest> cancelAll() {
        List<PendingRequest> cancelled = new ArrayList<>();
        for (PendingRequest request : List.copyOf(pending.values())) {
            if (finish(request, null, new CancellationException("event bus stopped"))) {
                cancelled.add(request);
            }
        }
        return cancelled;
    }

    long requests() {
        return requests.sum();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long lateReplies() {
        return lateReplies.sum();
    }

    int waiting() {
        return pending.size();
    }
}
