package daz.eventfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routing rules of one load, each with its state, and the routes that apply to a topic (worked out once per topic
 * and kept, so an event no rule wants costs one map lookup).
 */
final class RoutingTable {

    /** What became of a rule. */
    enum State {
        ACTIVE,
        DISABLED,
        REFUSED
    }

    /**
     * A rule and what became of it.
     *
     * @param rule the row
     * @param state active, disabled, or refused
     * @param reason why it was refused
     */
    record Entry(RoutingRule rule, State state, Optional<String> reason) {}

    private static final int MAX_TOPICS = 1_000;

    static final RoutingTable EMPTY = of(List.of());

    private final List<RoutingRule> rules;
    private final List<Entry> entries;
    private final List<Route> routes;
    private final Map<String, List<Route>> byTopic = new ConcurrentHashMap<>();

    private RoutingTable(List<RoutingRule> rules, List<Entry> entries, List<Route> routes) {
        this.rules = rules;
        this.entries = entries;
        this.routes = routes;
    }

    /** Checks every rule; a refused one never keeps the others from working. */
    static RoutingTable of(List<RoutingRule> rules) {
        List<Entry> entries = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (RoutingRule rule : rules) {
            if (!rule.enabled()) {
                entries.add(new Entry(rule, State.DISABLED, Optional.empty()));
                continue;
            }
            try {
                routes.add(Route.compile(rule));
                entries.add(new Entry(rule, State.ACTIVE, Optional.empty()));
            } catch (IllegalArgumentException e) {
                entries.add(new Entry(rule, State.REFUSED, Optional.of(e.getMessage())));
            }
        }
        return new RoutingTable(List.copyOf(rules), List.copyOf(entries), List.copyOf(routes));
    }

    /**
     * The topics to receive for the active routes: each route's event pattern where it lies within
     * {@code cytube.event.*}, else {@code cytube.event.*} itself; none without active routes (then no event is taken
     * from the bus at all).
     */
    Set<String> subscription() {
        Set<String> topics = new TreeSet<>();
        for (Route route : routes) {
            topics.add(Route.CYTUBE_EVENTS.covers(route.event()) ? route.event().text() : Route.CYTUBE_EVENTS.text());
        }
        return topics;
    }

    /** The rules as loaded, in the order of the table. */
    List<RoutingRule> rules() {
        return rules;
    }

    /** Every rule with its state. */
    List<Entry> entries() {
        return entries;
    }

    /** The active routes whose event pattern matches {@code topic}; empty when no rule wants it. */
    List<Route> routes(String topic) {
        if (routes.isEmpty()) {
            return List.of();
        }
        List<Route> known = byTopic.get(topic);
        if (known != null) {
            return known;
        }
        List<Route> matching =
                routes.stream().filter(r -> r.event().matches(topic)).toList();
        if (byTopic.size() < MAX_TOPICS) { // event names come from the server: keep the cache bounded
            byTopic.put(topic, matching);
        }
        return matching;
    }

    /** The number of rules in a state. */
    long count(State state) {
        return entries.stream().filter(e -> e.state() == state).count();
    }
}
