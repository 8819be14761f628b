package daz.eventbus;

import daz.api.bus.TopicPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The subscribed handlers and, per topic, the handlers that match it.
 *
 * <p>The table is an immutable snapshot swapped by compare-and-set (copy on write): handlers come and go rarely,
 * events are published all the time, and a publisher reads the snapshot without a lock. Each snapshot holds the
 * subscriptions in delivery order: {@code service.ranking} highest first, then {@code service.id} oldest first.
 * The route of a topic (its matching handlers) is cached and valid while its snapshot is the current one.
 */
final class SubscriptionTable {

    /** Topics tracked one by one; beyond, topics are neither cached nor counted apart (a runaway topic generator). */
    static final int MAX_TOPICS = 4096;

    private static final Pattern DOT = Pattern.compile("\\.");

    private static final Comparator<HandlerSubscription> DELIVERY_ORDER = Comparator.comparingInt(
                    HandlerSubscription::ranking)
            .reversed()
            .thenComparingLong(HandlerSubscription::serviceId);

    /** Handlers matching one topic, valid while {@code version} is the current snapshot's array. */
    record Route(TopicStats stats, HandlerSubscription[] version, HandlerSubscription[] handlers) {}

    /**
     * @param byService the subscriptions of registered handler services
     * @param held durable subscriptions whose handler is away, by durable name: they still receive events
     * @param ordered all of them, in delivery order
     */
    private record Snapshot(
            Map<Long, HandlerSubscription> byService,
            Map<String, DurableSubscription> held,
            HandlerSubscription[] ordered) {

        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), new HandlerSubscription[0]);

        Snapshot with(UnaryOperator<Map<Long, HandlerSubscription>> change) {
            return with(change, UnaryOperator.identity());
        }

        Snapshot with(
                UnaryOperator<Map<Long, HandlerSubscription>> change,
                UnaryOperator<Map<String, DurableSubscription>> heldChange) {
            Map<Long, HandlerSubscription> nextByService = change.apply(new HashMap<>(byService));
            Map<String, DurableSubscription> nextHeld = heldChange.apply(new HashMap<>(held));
            List<HandlerSubscription> all = new ArrayList<>(nextByService.values());
            all.addAll(nextHeld.values());
            HandlerSubscription[] sorted = all.toArray(new HandlerSubscription[0]);
            Arrays.sort(sorted, DELIVERY_ORDER);
            return new Snapshot(Map.copyOf(nextByService), Map.copyOf(nextHeld), sorted);
        }
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TopicStats> topicStats = new ConcurrentHashMap<>();
    private final TopicStats otherTopics = new TopicStats("(other topics)");

    /** Subscribes a handler; returns the subscription it replaced under the same service id, if any. */
    Optional<HandlerSubscription> put(HandlerSubscription subscription) {
        Snapshot before = swap(map -> {
            map.put(subscription.serviceId(), subscription);
            return map;
        });
        return Optional.ofNullable(before.byService.get(subscription.serviceId()));
    }

    /** Unsubscribes the handler of a service; returns its subscription if it had one. */
    Optional<HandlerSubscription> remove(long serviceId) {
        Snapshot before = swap(map -> {
            map.remove(serviceId);
            return map;
        });
        return Optional.ofNullable(before.byService.get(serviceId));
    }

    Optional<HandlerSubscription> get(long serviceId) {
        return Optional.ofNullable(current.get().byService.get(serviceId));
    }

    /** Re-sorts and re-routes after a subscription changed its topics or ranking in place. */
    void changed() {
        swap(map -> map);
    }

    /** Durable subscriptions, live and held, sorted by name. */
    List<DurableMetrics> durableMetrics() {
        return Arrays.stream(current.get().ordered)
                .filter(DurableSubscription.class::isInstance)
                .map(s -> ((DurableSubscription) s).durableSnapshot())
                .sorted(Comparator.comparing(DurableMetrics::name))
                .toList();
    }

    /** Empties the table; returns what was subscribed. */
    List<HandlerSubscription> clear() {
        Snapshot before = current.getAndSet(Snapshot.EMPTY);
        routes.clear();
        return List.of(before.ordered);
    }

    private Snapshot swap(UnaryOperator<Map<Long, HandlerSubscription>> change) {
        return swapSnapshot(snapshot -> snapshot.with(change));
    }

    private Snapshot swapSnapshot(UnaryOperator<Snapshot> change) {
        while (true) {
            Snapshot before = current.get();
            if (current.compareAndSet(before, change.apply(before))) {
                // Routes would be rebuilt anyway (their version differs); clearing lets go of removed handlers now.
                routes.clear();
                return before;
            }
        }
    }

    /**
     * A durable handler's service went away: its subscription stays, held under its durable name, unless one is
     * held under that name already.
     *
     * @return whether it is held now
     */
    boolean hold(DurableSubscription subscription) {
        String name = subscription.durableName;
        Snapshot before = swapSnapshot(snapshot -> snapshot.held.containsKey(name)
                ? snapshot
                : snapshot.with(
                        map -> {
                            map.remove(subscription.serviceId(), subscription);
                            return map;
                        },
                        held -> {
                            held.put(name, subscription);
                            return held;
                        }));
        return !before.held.containsKey(name);
    }

    /** The subscription held under a durable name, if its handler is away. */
    Optional<DurableSubscription> held(String name) {
        return Optional.ofNullable(current.get().held.get(name));
    }

    /** A handler with the durable name is back as service {@code serviceId}: the held subscription is its now. */
    boolean resume(DurableSubscription subscription, long serviceId) {
        String name = subscription.durableName;
        Snapshot before = swapSnapshot(snapshot -> snapshot.held.get(name) != subscription
                ? snapshot
                : snapshot.with(
                        map -> {
                            map.put(serviceId, subscription);
                            return map;
                        },
                        held -> {
                            held.remove(name);
                            return held;
                        }));
        return before.held.get(name) == subscription;
    }

    /** Drops a held subscription whose handler did not come back; {@code false} if it came back meanwhile. */
    boolean release(DurableSubscription subscription) {
        Snapshot before = swapSnapshot(snapshot -> snapshot.held.get(subscription.durableName) != subscription
                ? snapshot
                : snapshot.with(UnaryOperator.identity(), held -> {
                    held.remove(subscription.durableName);
                    return held;
                }));
        return before.held.get(subscription.durableName) == subscription;
    }

    /**
     * Waits until no handler with a handler service has events queued, or until {@code deadlineNanos}
     * ({@link System#nanoTime()}); returns how many events the handlers ran meanwhile.
     */
    long drain(long deadlineNanos) {
        long before = delivered();
        while (System.nanoTime() - deadlineNanos < 0 && Arrays.stream(all()).anyMatch(SubscriptionTable::busy)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return delivered() - before;
    }

    private static boolean busy(HandlerSubscription subscription) {
        return subscription.isAttached() && !subscription.isClosed() && subscription.queueDepth() > 0;
    }

    private long delivered() {
        return Arrays.stream(all()).mapToLong(s -> s.delivered.sum()).sum();
    }

    /** Every subscription, in delivery order. */
    HandlerSubscription[] all() {
        return current.get().ordered;
    }

    /**
     * The handlers of {@code topic}, in delivery order, and its counters.
     *
     * @throws IllegalArgumentException if {@code topic} is not a valid topic, naming {@code source}
     */
    Route route(String topic, String source) {
        Route route = routes.get(topic);
        HandlerSubscription[] ordered = current.get().ordered;
        if (route != null && route.version == ordered) {
            return route;
        }
        return rebuild(topic, source, ordered, route);
    }

    private Route rebuild(String topic, String source, HandlerSubscription[] ordered, Route stale) {
        TopicStats stats = stale != null ? stale.stats : statsFor(topic, source);
        String[] segments = DOT.split(topic, -1);
        List<HandlerSubscription> matching = new ArrayList<>();
        for (HandlerSubscription subscription : ordered) {
            if (subscription.matches(segments)) {
                matching.add(subscription);
            }
        }
        Route route = new Route(stats, ordered, matching.toArray(new HandlerSubscription[0]));
        if (stats != otherTopics) {
            routes.put(topic, route);
            if (current.get().ordered != ordered) {
                routes.remove(topic, route); // the table changed meanwhile: don't keep a stale route
            }
        }
        return route;
    }

    private TopicStats statsFor(String topic, String source) {
        Optional<String> problem = TopicPattern.problemWithTopic(topic);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("invalid topic from bundle '" + source + "': " + problem.get());
        }
        TopicStats stats = topicStats.get(topic);
        if (stats == null) {
            stats = topicStats.size() < MAX_TOPICS ? topicStats.computeIfAbsent(topic, TopicStats::new) : otherTopics;
        }
        return stats;
    }

    /** Counters of every topic published so far, sorted by topic. */
    List<TopicMetrics> topicMetrics() {
        List<TopicMetrics> topics = new ArrayList<>();
        topicStats.values().forEach(stats -> topics.add(stats.snapshot()));
        if (otherTopics.published.sum() > 0) {
            topics.add(otherTopics.snapshot());
        }
        topics.sort(Comparator.comparing(TopicMetrics::topic));
        return topics;
    }
}
