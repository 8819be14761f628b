package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.bus.NoResponderException;
import daz.api.bus.PublishOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the bus, shared by every bundle's {@link EventBusImpl}: it subscribes handler services (whiteboard)
 * into the {@link SubscriptionTable}, publishes events to them and runs requests through the
 * {@link RequestRegistry}. Registered under this class, which no other bundle can see, so only this bundle's
 * components use it.
 *
 * <p>The synchronous handlers of an event run first, inline on the publisher's thread, in delivery order; only then
 * do the asynchronous ones get it in their queues, in that order (DESIGN.md: the SQL logger's journal append
 * finishes before any plugin or command is handed the line).
 */
@Component(service = Dispatcher.class, configurationPid = Dispatcher.PID)
@Designate(ocd = BusConfig.class)
public class Dispatcher implements FailureListener {

    static final String PID = "daz.eventbus";

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final SubscriptionTable table = new SubscriptionTable();
    private final EventIds ids = new EventIds();
    private final EventClock clock = new EventClock();
    private final WorkerPool pool;
    private final ScheduledThreadPoolExecutor timer;
    private final RequestRegistry requests;
    private final DurableHandlers durables;
    private final BooleanSupplier bundleStopping;
    private final StopReport lost = new StopReport();
    private volatile BusSettings settings;
    private volatile boolean stopping;
    private boolean stopped; // guarded by this

    @Activate
    public Dispatcher(BusConfig config, BundleContext context) {
        this(config, () -> stopping(context));
    }

    private static boolean stopping(BundleContext context) {
        try {
            return context.getBundle().getState() == Bundle.STOPPING;
        } catch (IllegalStateException stopped) {
            return true; // the context is no longer valid: the bundle has stopped
        }
    }

    /** @param bundleStopping whether the bus's bundle is stopping: its users go first, then this */
    Dispatcher(BusConfig config, BooleanSupplier bundleStopping) {
        this.bundleStopping = bundleStopping;
        this.settings = BusSettings.of(config);
        this.pool = new WorkerPool("daz-eventbus-worker-", settings.workerThreads(), settings.spinNanos(), this);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "daz-eventbus-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.requests = new RequestRegistry(timer, ids);
        this.durables = new DurableHandlers(table, timer);
        LOG.info("Event bus started with {} worker threads", pool.threads());
    }

    @Modified
    void modified(BusConfig config) {
        settings = BusSettings.of(config);
        pool.setSpinNanos(settings.spinNanos());
        pool.resize(settings.workerThreads());
        LOG.info("Event bus reconfigured: {} worker threads", pool.threads());
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    /**
     * Stops the bus: the handlers still registered get a short while ({@code stopDrainMillis}) to run what is queued
     * for them, then the threads end, and what is left is counted and logged in one line ({@link StopReport}). By now
     * every bundle's {@link EventBusImpl} is gone (they need this), so nothing new is published meanwhile.
     */
    StopReport stop() {
        synchronized (this) {
            if (stopped) {
                return lost;
            }
            stopped = true;
        }
        stopping = true;
        long start = System.nanoTime();
        long ran = table.drain(start + settings.stopDrain().toNanos());
        lost.drained(ran, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        pool.shutdown();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lost.count(table.all());
        requests.cancelAll().forEach(request -> lost.cancelled(request.owner.source(), 1));
        table.clear().forEach(HandlerSubscription::close);
        if (lost.clean()) {
            LOG.info(lost.line());
        } else {
            LOG.warn(lost.line());
        }
        return lost;
    }

    /** Whether the bus is going away: its bundle stops (its users go first) or it was deactivated. */
    boolean stopping() {
        return stopping || bundleStopping.getAsBoolean();
    }

    /** Requests a bundle's bus abandoned because the bus itself is stopping: counted as lost with it. */
    void cancelledByStop(String bundle, int requests) {
        lost.cancelled(bundle, requests);
    }

    // ---- handlers (whiteboard) ----

    @Reference(
            name = "handler",
            service = EventHandler.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            updated = "updatedHandler",
            unbind = "unbindHandler")
    void bindHandler(ComponentServiceObjects<EventHandler> handler, ServiceReference<EventHandler> reference) {
        properties(reference).ifPresent(properties -> subscribe(handler, properties));
    }

    /**
     * The handler's service properties changed: the subscription takes its new topics and ranking and keeps the
     * events queued for it. Only a change of delivery mode or durable name makes a new subscription; the old one then
     * still hands its queued events to the handler, and is gone once they are delivered.
     */
    void updatedHandler(ComponentServiceObjects<EventHandler> handler, ServiceReference<EventHandler> reference) {
        Optional<HandlerProperties> changed = properties(reference);
        if (changed.isEmpty()) {
            unbindHandler(reference);
            return;
        }
        HandlerProperties properties = changed.get();
        Optional<HandlerSubscription> existing = table.get(properties.serviceId());
        if (existing.isPresent()
                && existing.get().sync == properties.sync()
                && existing.get().properties().durable().equals(properties.durable())) {
            existing.get().update(properties);
            table.changed();
            LOG.debug("Event handler {} now subscribes to {}", existing.get().name(), properties.topicTexts());
        } else {
            subscribe(handler, properties);
        }
    }

    void unbindHandler(ServiceReference<EventHandler> reference) {
        long serviceId = HandlerProperties.serviceId(reference);
        Optional<HandlerSubscription> found = table.get(serviceId);
        if (found.isPresent() && found.get() instanceof DurableSubscription durable && !stopping) {
            if (bundleStopping.getAsBoolean()) {
                durables.holdUntilStop(durable, settings, lost);
            } else {
                durables.hold(durable, settings);
            }
            return;
        }
        table.remove(serviceId).ifPresent(removed -> {
            removed.close();
            LOG.debug("Unsubscribed event handler {}", removed.name());
        });
    }

    private static Optional<HandlerProperties> properties(ServiceReference<EventHandler> reference) {
        try {
            return Optional.of(HandlerProperties.of(reference));
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "Ignoring event handler service {} of bundle {}: {}",
                    HandlerProperties.serviceId(reference),
                    HandlerProperties.bundleName(reference.getBundle()),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void subscribe(ComponentServiceObjects<EventHandler> handler, HandlerProperties properties) {
        if (properties.durable().isPresent() && durables.resume(handler, properties)) {
            return;
        }
        int capacity = settings.queueSizes().sizeFor(properties.topics());
        HandlerSubscription subscription = properties.durable().isPresent()
                ? new DurableSubscription(handler, properties, capacity, settings.durableMaxEvents(), pool)
                : new HandlerSubscription(handler, properties, capacity, pool);
        // A subscription replaced by a change of delivery mode is not closed: its queued events still go out.
        table.put(subscription);
        LOG.debug(
                "Subscribed event handler {} to {} ({}, ranking {}, queue {}{})",
                subscription.name(),
                properties.topicTexts(),
                properties.sync() ? "sync" : "async",
                properties.ranking(),
                capacity,
                properties.durable().map(name -> ", durable '" + name + "'").orElse(""));
    }

    static String bundleName(org.osgi.framework.Bundle bundle) {
        return HandlerProperties.bundleName(bundle);
    }

    // ---- publishing ----

    Event publish(String source, String target, String topic, Object payload, PublishOptions options) {
        if (payload == null) {
            throw new NullPointerException("payload must not be null (topic '" + topic + "', bundle '" + source + "')");
        }
        SubscriptionTable.Route route = table.route(topic, source);
        long now = System.nanoTime();
        Event event = new Event(
                ids.next(),
                topic,
                payload,
                source,
                Optional.ofNullable(target),
                Optional.empty(),
                Optional.empty(),
                clock.millisAt(now),
                now,
                options.priority(),
                options.tags(),
                options.loggable());
        route.stats().published.increment();
        dispatch(event, route, target);
        return event;
    }

    /** Hands the event to each matching handler (of {@code target} only, if given); returns how many took it. */
    private int dispatch(Event event, SubscriptionTable.Route route, String target) {
        int accepted = 0;
        int handledInline = 0;
        TopicStats stats = route.stats();
        // Synchronous handlers first (the SQL logger's journal append): no asynchronous handler (a command, a
        // routing rule, a plugin) is handed an event before they have seen it, so nothing acts on a line that is
        // not yet journaled.
        for (HandlerSubscription subscription : route.handlers()) {
            if (!subscription.sync || (target != null && !target.equals(subscription.bundle()))) {
                continue;
            }
            if (subscription.deliverSync(event, stats, this)) {
                handledInline++;
            }
            accepted++;
        }
        for (HandlerSubscription subscription : route.handlers()) {
            if (subscription.sync || (target != null && !target.equals(subscription.bundle()))) {
                continue;
            }
            if (subscription.enqueue(event, stats)) {
                accepted++;
            } else {
                dropped(subscription, event, stats);
            }
        }
        if (handledInline > 0) {
            stats.delivered.add(handledInline);
        }
        return accepted;
    }

    private static void dropped(HandlerSubscription subscription, Event event, TopicStats stats) {
        subscription.dropped.increment();
        stats.dropped.increment();
        long suppressed = subscription.dropLog.acquire();
        if (suppressed >= 0) {
            LOG.warn(
                    "Queue of event handler {} is full ({} events): dropped event on topic '{}' from '{}'"
                            + " ({} drops for this handler so far, {} not logged)",
                    subscription.name(),
                    subscription.capacity(),
                    event.topic(),
                    event.source(),
                    subscription.dropped.sum(),
                    suppressed);
        }
    }

    @Override
    public void handlerFailed(HandlerSubscription subscription, Event event, TopicStats stats, Throwable error) {
        subscription.errors.increment();
        stats.errors.increment();
        long suppressed = subscription.errorLog.acquire();
        if (suppressed >= 0) {
            LOG.warn(
                    "Event handler {} failed on topic '{}' (event {} from '{}', {} failures not logged): {}",
                    subscription.name(),
                    event.topic(),
                    event.id(),
                    event.source(),
                    suppressed,
                    error.toString(),
                    error);
        }
        if (event.isRequest()) {
            requests.fail(subscription.bundle(), event, error);
        }
    }

    // ---- request / reply ----

    CompletionStage<Event> request(EventBusImpl owner, String source, String topic, Object payload, Duration timeout) {
        if (payload == null) {
            throw new NullPointerException(
                    "payload must not be null (request on topic '" + topic + "', bundle '" + source + "')");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, not " + timeout + " (topic '" + topic
                    + "', bundle '" + source + "')");
        }
        SubscriptionTable.Route route = table.route(topic, source);
        requests.counted();
        if (route.handlers().length == 0) {
            return CompletableFuture.failedStage(new NoResponderException(
                    topic, "no handler serves topic '" + topic + "' (request from '" + source + "')"));
        }
        PendingRequest waiting = requests.open(owner, source, topic, payload, timeout);
        if (waiting.result.isDone()) {
            return waiting.result.minimalCompletionStage();
        }
        route.stats().published.increment();
        if (dispatch(waiting.request, route, null) == 0) {
            requests.finish(
                    waiting,
                    null,
                    new NoResponderException(
                            topic,
                            "every handler of topic '" + topic + "' has a full queue (request from '" + source + "')"));
        }
        return waiting.result.minimalCompletionStage();
    }

    Duration defaultRequestTimeout() {
        return settings.requestTimeout();
    }

    boolean reply(String responder, Event request, Object payload) {
        return requests.reply(responder, request, payload);
    }

    boolean fail(String responder, Event request, Throwable cause) {
        return requests.fail(responder, request, cause);
    }

    boolean finish(PendingRequest waiting, Event reply, Throwable failure) {
        return requests.finish(waiting, reply, failure);
    }

    // ---- metrics ----

    BusMetrics metrics() {
        return new BusMetrics(
                table.topicMetrics(),
                Arrays.stream(table.all()).map(HandlerSubscription::snapshot).toList(),
                table.durableMetrics(),
                requests.requests(),
                requests.timeouts(),
                requests.lateReplies(),
                requests.waiting(),
                pool.threads());
    }
}
