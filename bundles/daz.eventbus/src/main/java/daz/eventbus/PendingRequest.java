package daz.eventbus;

import daz.api.bus.Event;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A request waiting for its reply: completed once, by a reply, a failure, the timeout or its bundle's release. */
final class PendingRequest {

    final Event request;
    final Duration timeout;
    final EventBusImpl owner;
    final CompletableFuture<Event> result = new CompletableFuture<>();

    /** Set right after registration, before the request is dispatched; volatile as the timer thread reads it. */
    volatile ScheduledFuture<?> timeoutTask;

    PendingRequest(Event request, Duration timeout, EventBusImpl owner) {
        this.request = request;
        this.timeout = timeout;
        this.owner = owner;
    }

    String correlationId() {
        return request.id();
    }
}
