package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.PublishOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * The {@link EventBus} one bundle sees. Bundle scope gives each using bundle its own instance, so {@code source} is
 * stamped from the framework's knowledge of who asked for the service, never from the caller; when that bundle ungets
 * the service (it stops), the instance is deactivated and abandons the requests it still waits for.
 */
@Component(service = EventBus.class, scope = ServiceScope.BUNDLE)
public class EventBusImpl implements EventBus {

    private final Dispatcher dispatcher;
    private final String source;
    private final Set<PendingRequest> requests = ConcurrentHashMap.newKeySet();
    private volatile boolean released;

    @Activate
    public EventBusImpl(ComponentContext context, @Reference Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
        this.source = Dispatcher.bundleName(context.getUsingBundle());
    }

    @Deactivate
    void deactivate() {
        released = true;
        int cancelled = 0;
        for (PendingRequest request : List.copyOf(requests)) {
            if (dispatcher.finish(
                    request, null, new CancellationException("bundle '" + source + "' released its event bus"))) {
                cancelled++;
            }
        }
        if (cancelled > 0 && dispatcher.stopping()) {
            dispatcher.cancelledByStop(source, cancelled);
        }
    }

    /** The symbolic name stamped on this instance's events. */
    String source() {
        return source;
    }

    @Override
    public Event publish(String topic, Object payload) {
        return publish(topic, payload, PublishOptions.DEFAULT);
    }

    @Override
    public Event publish(String topic, Object payload, PublishOptions options) {
        checkOpen(topic);
        return dispatcher.publish(source, null, topic, payload, Objects.requireNonNull(options, "options"));
    }

    @Override
    public Event send(String target, String topic, Object payload) {
        return send(target, topic, payload, PublishOptions.DEFAULT);
    }

    @Override
    public Event send(String target, String topic, Object payload, PublishOptions options) {
        checkOpen(topic);
        Objects.requireNonNull(target, "target");
        return dispatcher.publish(source, target, topic, payload, Objects.requireNonNull(options, "options"));
    }

    @Override
    public CompletionStage<Event> request(String topic, Object payload) {
        return request(topic, payload, dispatcher.defaultRequestTimeout());
    }

    @Override
    public CompletionStage<Event> request(String topic, Object payload, Duration timeout) {
        checkOpen(topic);
        return dispatcher.request(this, source, topic, payload, timeout);
    }

    @Override
    public boolean reply(Event request, Object payload) {
        return dispatcher.reply(source, request, payload);
    }

    @Override
    public boolean fail(Event request, Throwable cause) {
        return dispatcher.fail(source, request, Objects.requireNonNull(cause, "cause"));
    }

    @Override
    public boolean fail(Event request, String message) {
        return fail(request, new Exception(Objects.requireNonNull(message, "message")));
    }

    void track(PendingRequest request) {
        requests.add(request);
        // Released meanwhile: nobody would abandon this request later.
        if (released) {
            dispatcher.finish(
                    request, null, new CancellationException("bundle '" + source + "' released its event bus"));
        }
    }

    void untrack(PendingRequest request) {
        requests.remove(request);
    }

    private void checkOpen(String topic) {
        if (released) {
            throw new IllegalStateException(
                    "event bus of bundle '" + source + "' was released; cannot publish on '" + topic + "'");
        }
    }

    @Override
    public String toString() {
        return "EventBus[" + source + "]";
    }
}
