package daz.eventfilter;

import daz.api.bus.Event;
import daz.api.cytube.CytubeEvent;
import daz.api.sql.DatabaseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing rules, apart from OSGi: loads them from the {@link RuleStore}, keeps the last good load while the
 * database is away, matches events and hands the matching ones to a {@link Forwarder}. Logs a refused rule or a failed
 * load once, not on every reload.
 */
final class RuleRouter {

    private static final Logger LOG = LoggerFactory.getLogger(RuleRouter.class);

    /** How a matching event reaches the rule's target. */
    @FunctionalInterface
    interface Forwarder {
        /** Publishes the payload of {@code original} on the route's target. */
        void forward(Route route, Event original);
    }

    /**
     * What a reload did.
     *
     * @param loaded whether the rules were read (else the previous ones stay)
     * @param table the rules in force after it
     * @param error why they could not be read
     * @param notReady whether they could not be read because the schema is not migrated yet (worth a retry soon)
     */
    record Reload(boolean loaded, RoutingTable table, Optional<String> error, boolean notReady) {}

    private final RuleStore store;
    private final Forwarder forwarder;
    private volatile RoutingTable table = RoutingTable.EMPTY;
    private final Map<String, LongAdder> forwardedByRule = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicReference<String> loadError = new AtomicReference<>();
    private final AtomicInteger failedLoads = new AtomicInteger();
    // what was last said about each refused rule, so a reload repeats nothing
    private final Map<String, String> refusalsLogged = new HashMap<>();

    RuleRouter(RuleStore store, Forwarder forwarder) {
        this.store = store;
        this.forwarder = forwarder;
    }

    /** Reads the rules again. On failure the rules in force stay, and only the first failure in a row is logged. */
    synchronized Reload reload() {
        List<RoutingRule> rules;
        try {
            rules = store.load();
        } catch (RuntimeException e) {
            failedLoads.incrementAndGet();
            String message = String.valueOf(e.getMessage());
            boolean notReady = e instanceof DatabaseException d && d.notReady();
            if (loadError.getAndSet(message) == null) {
                // not ready: the schema is being migrated (a first start); read at the next attempt, nothing is wrong
                String line =
                        "routing rules not read from daz_eventfilter_rules, the {} loaded before stay in force: {}";
                if (notReady) {
                    LOG.info(line, table.count(RoutingTable.State.ACTIVE), message);
                } else {
                    LOG.warn(line, table.count(RoutingTable.State.ACTIVE), message);
                }
            }
            return new Reload(false, table, Optional.of(message), notReady);
        }
        if (loadError.getAndSet(null) != null) {
            LOG.info("routing rules read from daz_eventfilter_rules again");
        }
        failedLoads.set(0);
        RoutingTable previous = table;
        RoutingTable next = previous.rules().equals(rules) ? previous : RoutingTable.of(rules);
        if (next != previous) {
            logRefusals(next);
            table = next;
            LOG.info(
                    "routing rules loaded: {} active, {} refused, {} disabled",
                    next.count(RoutingTable.State.ACTIVE),
                    next.count(RoutingTable.State.REFUSED),
                    next.count(RoutingTable.State.DISABLED));
        }
        return new Reload(true, next, Optional.empty(), false);
    }

    private void logRefusals(RoutingTable next) {
        Map<String, String> now = new HashMap<>();
        for (RoutingTable.Entry entry : next.entries()) {
            if (entry.state() != RoutingTable.State.REFUSED) {
                continue;
            }
            String name = entry.rule().name();
            String reason = entry.reason().orElse("");
            now.put(name, reason);
            if (!reason.equals(refusalsLogged.get(name))) {
                LOG.warn(
                        "routing rule '{}' ({} -> {}) refused, the other rules work: {}",
                        name,
                        entry.rule().event(),
                        entry.rule().target(),
                        reason);
            }
        }
        refusalsLogged.clear();
        refusalsLogged.putAll(now);
    }

    /** Whether some active rule takes events of this topic: cheap, for a quick exit. */
    boolean wants(String topic) {
        return !table.routes(topic).isEmpty();
    }

    /**
     * Forwards an event to the target of every rule that takes it. Replayed events are never forwarded; nor are the
     * chat lines and PMs that {@link UserLine#of} ignores (the bot's own, server whispers).
     *
     * @param bot the bot's name in the event's channel
     * @return the number of rules that forwarded it
     */
    int route(Event event, Optional<String> bot) {
        if (!(event.payload() instanceof CytubeEvent cytube) || cytube.replayed()) {
            return 0;
        }
        List<Route> routes = table.routes(event.topic());
        if (routes.isEmpty()) {
            return 0;
        }
        Optional<UserLine> line = UserLine.of(cytube, bot);
        if (line.isEmpty() && UserLine.isLine(cytube)) {
            return 0;
        }
        int count = 0;
        for (Route route : routes) {
            if (!route.matches(event.topic(), cytube, line)) {
                continue;
            }
            try {
                forwarder.forward(route, event);
                forwardedByRule
                        .computeIfAbsent(route.name(), n -> new LongAdder())
                        .increment();
                forwarded.incrementAndGet();
                count++;
            } catch (RuntimeException e) {
                LOG.warn(
                        "routing rule '{}': {} from {} not forwarded to {}: {}",
                        route.name(),
                        event.topic(),
                        cytube.channel(),
                        route.target(),
                        e.toString());
            }
        }
        return count;
    }

    /** The rules in force. */
    RoutingTable table() {
        return table;
    }

    /** Events a rule forwarded since start (kept across reloads, by the rule's name). */
    long forwarded(String rule) {
        LongAdder count = forwardedByRule.get(rule);
        return count == null ? 0 : count.sum();
    }

    /** Events forwarded by every rule since start. */
    long forwarded() {
        return forwarded.get();
    }

    /** Why the last reload failed, while it is so. */
    Optional<String> loadError() {
        return Optional.ofNullable(loadError.get());
    }

    /** Failed reloads since the last good one. */
    int failedLoads() {
        return failedLoads.get();
    }
}
