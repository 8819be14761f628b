package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.bus.NoResponderException;
import daz.api.bus.PublishOptions;
import daz.api.bus.RequestTimeoutException;
import daz.api.bus.ResponderException;
import daz.api.bus.TopicPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
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
 * The heart of the bus, shared by every bundle's {@link EventBusImpl}: the handler subscriptions (whiteboard), the
 * topic → handlers cache, the worker pool, requests in flight and the metrics. Registered under this class, which no
 * other bundle can see, so only this bundle's components use it.
 *
 * <p>Publishing looks the topic up in a cache of ordered handler arrays, which is rebuilt for a topic when the set of
 * subscriptions changed (compared by identity of the subscription snapshot). Handlers are ordered by
 * {@code service.ranking}, highest first, then by {@code service.id}, oldest first. Asynchronous handlers get the event
 * in their queue in that order first, so that they can start at once; then the synchronous ones run inline, in that
 * order, on the publisher's thread.
 */
@Component(service = Dispatcher.class, configurationPid = Dispatcher.PID)
@Designate(ocd = BusConfig.class)
public class Dispatcher implements FailureListener {

    static final String PID = "daz.eventbus";

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Pattern DOT = Pattern.compile("\\.");
    private static final int MAX_WORKERS = 256;
    private static final int MAX_SPIN_MICROS = 1_000_000;

    /** Topics tracked one by one; beyond, topics are neither cached nor counted apart (a runaway topic generator). */
    static final int MAX_TOPICS = 4096;

    private static final Comparator<HandlerSubscription> DELIVERY_ORDER = Comparator.comparingInt(
                    (HandlerSubscription s) -> s.ranking)
            .reversed()
            .thenComparingLong(s -> s.serviceId);

    /** Handlers matching one topic, valid while {@code version} is the current subscription snapshot. */
    private record Route(TopicStats stats, HandlerSubscription[] version, HandlerSubscription[] handlers) {}

    private record Settings(QueueSizes queueSizes, Duration requestTimeout) {}

    private final Map<Long, HandlerSubscription> subscriptions = new HashMap<>(); // guarded by itself
    private volatile HandlerSubscription[] snapshot = new HandlerSubscription[0];
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TopicStats> topicStats = new ConcurrentHashMap<>();
    private final TopicStats otherTopics = new TopicStats("(other topics)");
    private final ConcurrentHashMap<String, PendingRequest> pending = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder lateReplies = new LongAdder();
    private final String idPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final EventClock clock = new EventClock();
    private final WorkerPool pool;
    private final ScheduledThreadPoolExecutor timer;
    private volatile Settings settings;

    @Activate
    public Dispatcher(BusConfig config) {
        // Unique across restarts without a UUID per event: a random run prefix and a counter.
        this.idPrefix = Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36)
                + "-";
        this.settings = settings(config);
        this.pool = new WorkerPool("daz-bus-worker-", workerThreads(config), spinNanos(config), this);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "daz-bus-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        LOG.info("Event bus started with {} worker threads", pool.threads());
    }

    @Modified
    void modified(BusConfig config) {
        settings = settings(config);
        pool.setSpinNanos(spinNanos(config));
        pool.resize(workerThreads(config));
        LOG.info("Event bus reconfigured: {} worker threads", pool.threads());
    }

    @Deactivate
    void deactivate() {
        pool.shutdown();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PendingRequest request : List.copyOf(pending.values())) {
            finish(request, null, new CancellationException("event bus stopped"));
        }
        synchronized (subscriptions) {
            subscriptions.values().forEach(HandlerSubscription::close);
            subscriptions.clear();
            snapshot = new HandlerSubscription[0];
            routes.clear();
        }
        LOG.info("Event bus stopped");
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
        subscribe(new LazyHandler(handler), reference);
    }

    void updatedHandler(ComponentServiceObjects<EventHandler> handler, ServiceReference<EventHandler> reference) {
        unsubscribe(serviceId(reference));
        subscribe(new LazyHandler(handler), reference);
    }

    void unbindHandler(ServiceReference<EventHandler> reference) {
        unsubscribe(serviceId(reference));
    }

    private void subscribe(EventHandler handler, ServiceReference<EventHandler> reference) {
        long serviceId = serviceId(reference);
        String bundle = bundleName(reference.getBundle());
        Object topicsProperty = reference.getProperty(EventHandler.TOPICS);
        List<String> topicTexts = topicList(topicsProperty);
        String problem = null;
        if (topicTexts == null) {
            problem = topicsProperty == null
                    ? "no " + EventHandler.TOPICS + " property"
                    : EventHandler.TOPICS + " must be a String or String[], not a "
                            + topicsProperty.getClass().getName();
        } else if (topicTexts.isEmpty()) {
            problem = EventHandler.TOPICS + " is empty";
        }
        List<TopicPattern> patterns = new ArrayList<>();
        for (int i = 0; problem == null && i < topicTexts.size(); i++) {
            Optional<String> bad = TopicPattern.problemWithPattern(topicTexts.get(i));
            if (bad.isPresent()) {
                problem = EventHandler.TOPICS + ": " + bad.get();
            } else {
                patterns.add(TopicPattern.parse(topicTexts.get(i)));
            }
        }
        Object delivery = reference.getProperty(EventHandler.DELIVERY);
        boolean sync = false;
        if (problem == null && delivery != null) {
            String mode = delivery.toString().trim();
            if (mode.equalsIgnoreCase(EventHandler.DELIVERY_SYNC)) {
                sync = true;
            } else if (!mode.equalsIgnoreCase(EventHandler.DELIVERY_ASYNC)) {
                problem = EventHandler.DELIVERY + " must be 'sync' or 'async', not '" + delivery + "'";
            }
        }
        if (problem != null) {
            LOG.warn("Ignoring event handler service {} of bundle {}: {}", serviceId, bundle, problem);
            return;
        }
        int capacity = settings.queueSizes().sizeFor(patterns);
        HandlerSubscription subscription =
                new HandlerSubscription(handler, bundle, serviceId, ranking(reference), patterns, sync, capacity, pool);
        HandlerSubscription replaced;
        synchronized (subscriptions) {
            replaced = subscriptions.put(serviceId, subscription);
            publishSnapshot();
        }
        if (replaced != null) {
            replaced.close();
        }
        LOG.debug(
                "Subscribed event handler {} to {} ({}, ranking {}, queue {})",
                subscription.name(),
                topicTexts,
                sync ? "sync" : "async",
                subscription.ranking,
                capacity);
    }

    private void unsubscribe(long serviceId) {
        HandlerSubscription removed;
        synchronized (subscriptions) {
            removed = subscriptions.remove(serviceId);
            if (removed != null) {
                publishSnapshot();
            }
        }
        if (removed != null) {
            removed.close();
            LOG.debug("Unsubscribed event handler {}", removed.name());
        }
    }

    /** Called holding the subscriptions lock. */
    private void publishSnapshot() {
        HandlerSubscription[] ordered = subscriptions.values().toArray(new HandlerSubscription[0]);
        Arrays.sort(ordered, DELIVERY_ORDER);
        snapshot = ordered;
        // Routes would be rebuilt anyway (their version differs); clearing lets go of removed handlers now.
        routes.clear();
    }

    private static List<String> topicList(Object property) {
        if (property instanceof String topic) {
            return List.of(topic.trim());
        }
        if (property instanceof String[] topics) {
            return Arrays.stream(topics).map(t -> t == null ? "" : t.trim()).toList();
        }
        if (property instanceof Collection<?> topics && topics.stream().allMatch(String.class::isInstance)) {
            return topics.stream().map(t -> ((String) t).trim()).toList();
        }
        return null;
    }

    private static long serviceId(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_ID) instanceof Long id ? id : -1;
    }

    private static int ranking(ServiceReference<?> reference) {
        // As the framework does: a ranking that is not an Integer counts as 0.
        return reference.getProperty(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    static String bundleName(Bundle bundle) {
        if (bundle == null) {
            return "(unregistered)";
        }
        String name = bundle.getSymbolicName();
        return name != null ? name : "bundle#" + bundle.getBundleId();
    }

    // ---- publishing ----

    Event publish(String source, String target, String topic, Object payload, PublishOptions options) {
        if (payload == null) {
            throw new NullPointerException("payload must not be null (topic '" + topic + "', bundle '" + source + "')");
        }
        Route route = route(topic, source);
        long now = System.nanoTime();
        Event event = new Event(
                nextId(),
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
        route.stats.published.increment();
        dispatch(event, route, target);
        return event;
    }

    private String nextId() {
        return idPrefix + sequence.incrementAndGet();
    }

    private Route route(String topic, String source) {
        Route route = routes.get(topic);
        HandlerSubscription[] current = snapshot;
        if (route != null && route.version == current) {
            return route;
        }
        return rebuildRoute(topic, source, current, route);
    }

    private Route rebuildRoute(String topic, String source, HandlerSubscription[] current, Route stale) {
        TopicStats stats;
        if (stale != null) {
            stats = stale.stats;
        } else {
            Optional<String> problem = TopicPattern.problemWithTopic(topic);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("invalid topic from bundle '" + source + "': " + problem.get());
            }
            stats = topicStats.get(topic);
            if (stats == null) {
                stats = topicStats.size() < MAX_TOPICS
                        ? topicStats.computeIfAbsent(topic, TopicStats::new)
                        : otherTopics;
            }
        }
        String[] segments = DOT.split(topic, -1);
        List<HandlerSubscription> matching = new ArrayList<>();
        for (HandlerSubscription subscription : current) {
            if (subscription.matches(segments)) {
                matching.add(subscription);
            }
        }
        Route route = new Route(stats, current, matching.toArray(new HandlerSubscription[0]));
        if (stats != otherTopics) {
            routes.put(topic, route);
            if (snapshot != current) {
                routes.remove(topic, route);
            }
        }
        return route;
    }

    /** Hands the event to each matching handler (of {@code target} only, if given); returns how many took it. */
    private int dispatch(Event event, Route route, String target) {
        int accepted = 0;
        int handledInline = 0;
        TopicStats stats = route.stats;
        // the queues first, so that asynchronous handlers start while the synchronous ones run on this thread
        for (HandlerSubscription subscription : route.handlers) {
            if (subscription.sync || (target != null && !target.equals(subscription.bundle))) {
                continue;
            }
            if (subscription.enqueue(event, stats)) {
                accepted++;
            } else {
                dropped(subscription, event, stats);
            }
        }
        for (HandlerSubscription subscription : route.handlers) {
            if (!subscription.sync || (target != null && !target.equals(subscription.bundle))) {
                continue;
            }
            subscription.deliverSync(event, stats, this);
            handledInline++;
            accepted++;
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
            fail(subscription.bundle, event, error);
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
        Route route = route(topic, source);
        requests.increment();
        if (route.handlers.length == 0) {
            return CompletableFuture.failedStage(new NoResponderException(
                    topic, "no handler serves topic '" + topic + "' (request from '" + source + "')"));
        }
        String id = nextId();
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
            return waiting.result.minimalCompletionStage();
        }
        route.stats.published.increment();
        if (dispatch(request, route, null) == 0) {
            finish(
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
        PendingRequest waiting = waitingFor(request, responder);
        if (payload == null) {
            throw new NullPointerException(
                    "reply payload must not be null (topic '" + request.topic() + "', bundle '" + responder + "')");
        }
        if (waiting == null) {
            return late(responder, request, "reply");
        }
        Event reply = new Event(
                nextId(),
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

    // ---- metrics ----

    BusMetrics metrics() {
        List<TopicMetrics> topics = new ArrayList<>();
        topicStats.values().forEach(stats -> topics.add(stats.snapshot()));
        if (otherTopics.published.sum() > 0) {
            topics.add(otherTopics.snapshot());
        }
        topics.sort(Comparator.comparing(TopicMetrics::topic));
        List<HandlerMetrics> handlers =
                Arrays.stream(snapshot).map(HandlerSubscription::snapshot).toList();
        return new BusMetrics(
                topics, handlers, requests.sum(), timeouts.sum(), lateReplies.sum(), pending.size(), pool.threads());
    }

    // ---- configuration ----

    private static Settings settings(BusConfig config) {
        int defaultSize = valid(
                "defaultQueueSize", config::defaultQueueSize, size -> size >= 1 && size <= QueueSizes.MAX_SIZE, 1000);
        String[] sizes = valid("queueSizes", config::queueSizes, entries -> true, new String[0]);
        long timeoutMillis = valid("requestTimeoutMillis", config::requestTimeoutMillis, ms -> ms > 0, 30_000L);
        return new Settings(QueueSizes.parse(sizes, defaultSize), Duration.ofMillis(timeoutMillis));
    }

    private static int workerThreads(BusConfig config) {
        return valid("workerThreads", config::workerThreads, n -> n >= 1 && n <= MAX_WORKERS, 4);
    }

    private static long spinNanos(BusConfig config) {
        return TimeUnit.MICROSECONDS.toNanos(
                valid("idleSpinMicros", config::idleSpinMicros, us -> us >= 0 && us <= MAX_SPIN_MICROS, 2000));
    }

    /** A configuration value, or the default with one log line when it is unreadable or out of range. */
    private static <T> T valid(String name, Supplier<T> read, Predicate<T> ok, T fallback) {
        T value;
        try {
            value = read.get();
        } catch (RuntimeException e) {
            LOG.warn("Invalid event bus configuration {} ({}); using {}", name, e.getMessage(), show(fallback));
            return fallback;
        }
        if (value == null || !ok.test(value)) {
            LOG.warn("Invalid event bus configuration {}={}; using {}", name, show(value), show(fallback));
            return fallback;
        }
        return value;
    }

    private static String show(Object value) {
        return value instanceof String[] array ? Arrays.toString(array) : String.valueOf(value);
    }
}
