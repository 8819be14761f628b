package daz.eventfilter;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.PublishOptions;
import daz.api.cytube.ChannelState;
import daz.api.cytube.CytubeEvent;
import daz.api.sql.Database;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the CyTube events that match a routing rule of {@code daz_eventfilter_rules} to the rule's target topic
 * ({@link RuleRouter} holds the rules). The rules are read when a database is bound, every
 * {@code rules.reload.seconds} (PID {@code daz.eventfilter.routing}), and on {@code daz:rules reload}. An edit of
 * that period applies in place ({@link #modified}): the handler stays registered, so the events the bus holds for it
 * (durable {@code daz.eventfilter.routing}) stay queued.
 *
 * <p>Its event handler is registered by hand, for the topics of the active rules only ({@link
 * RoutingTable#subscription()}), and not at all while no rule is active: the bus then hands it no event.
 *
 * <p>A forwarded event carries the original {@link CytubeEvent} (so its channel), the original priority, the original
 * tags plus {@code rule:<name>}, and is not loggable: the SQL logger already has the original.
 */
@Component(
        service = {PluginHealth.class, RoutingFilter.class},
        // rules are read at start, not when the first event comes and is let through unrouted
        immediate = true,
        configurationPid = RoutingConfiguration.PID)
@Designate(ocd = RoutingConfiguration.class)
public class RoutingFilter implements EventHandler, PluginHealth {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingFilter.class);
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(15);

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ChannelState> channels;

    private volatile Database database;

    private final EventBus bus;
    private final RuleRouter router;
    private final RuleStore store;
    private final ScheduledExecutorService loader;
    private final Instant started = Instant.now();
    private final BundleContext context;
    // the hand-registered handler and its topics: guarded by this (changed by reloads and by deactivate)
    private ServiceRegistration<EventHandler> handler;
    private Set<String> subscribed = Set.of();
    // the periodic read and its period: guarded by this
    private ScheduledFuture<?> periodic;
    private long periodSeconds;

    @Activate
    public RoutingFilter(@Reference EventBus bus, RoutingConfiguration config, BundleContext context) {
        this.bus = bus;
        this.context = context;
        this.store = new RuleStore(() -> Optional.ofNullable(database));
        this.router = new RuleRouter(store, this::forward);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "daz-eventfilter-rules");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.loader = executor;
        // the first read comes with the database (bindDatabase), or after one period without one
        readEvery(config.rules_reload_seconds());
    }

    /** {@code etc/daz.eventfilter.routing.cfg} was edited: the rules are read at the new period from now on. */
    @Modified
    void modified(RoutingConfiguration config) {
        readEvery(config.rules_reload_seconds());
    }

    /** (Re)schedules the periodic read; the next one comes one period from now. */
    private synchronized void readEvery(int seconds) {
        long period = Math.max(1, seconds);
        if (periodic != null) {
            if (period == periodSeconds) {
                return;
            }
            periodic.cancel(false);
            LOG.info("routing rules read every {} s (was {} s)", period, periodSeconds);
        }
        periodSeconds = period;
        try {
            periodic = loader.scheduleWithFixedDelay(this::reloadQuietly, period, period, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivating
        }
    }

    /** Seconds between two periodic reads of the rules. */
    synchronized long readPeriodSeconds() {
        return periodSeconds;
    }

    /**
     * A database that (re)appears is read at once, and again each second while it answers that the schema is not
     * migrated yet (it does so at once, without waiting for the migration).
     */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDatabase")
    void bindDatabase(Database bound) {
        database = bound;
        try {
            loader.execute(() -> reloadUntilMigrated(NOT_READY_RETRIES));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivating
        }
    }

    void unbindDatabase(Database unbound) {
        if (database == unbound) {
            database = null;
        }
    }

    @Deactivate
    void deactivate() {
        loader.shutdownNow();
        try {
            loader.awaitTermination(RELOAD_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        subscribe(Set.of());
    }

    @Override
    public void handle(Event event) {
        if (!(event.payload() instanceof CytubeEvent cytube) || cytube.replayed() || !router.wants(event.topic())) {
            return;
        }
        Optional<ChannelState> state = ChannelState.find(channels, cytube.channel());
        if (state.isEmpty()) {
            return; // without the channel's state the bot's own lines cannot be told apart
        }
        router.route(event, state.get().botName());
    }

    /** Seconds of retries after a bind while the schema is being migrated; then the reload period takes over. */
    private static final int NOT_READY_RETRIES = 120;

    private void forward(Route route, Event original) {
        Set<String> tags = new HashSet<>(original.tags());
        tags.add("rule:" + route.name());
        bus.publish(route.target(), original.payload(), new PublishOptions(original.priority(), tags, false));
    }

    private void reloadUntilMigrated(int retries) {
        try {
            RuleRouter.Reload result = reloadAndSubscribe();
            if (!result.loaded() && result.notReady() && retries > 0) {
                loader.schedule(() -> reloadUntilMigrated(retries - 1), 1, TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            LOG.error("routing rules not reloaded", e);
        }
    }

    private void reloadQuietly() {
        try {
            reloadAndSubscribe();
        } catch (RuntimeException e) {
            LOG.error("routing rules not reloaded", e);
        }
    }

    /** On the loader thread: reads the rules, then takes from the bus exactly the topics they want. */
    private RuleRouter.Reload reloadAndSubscribe() {
        RuleRouter.Reload result = router.reload();
        subscribe(router.table().subscription());
        return result;
    }

    /** Registers, updates or withdraws the event handler so that it receives {@code topics} (none: no handler). */
    private synchronized void subscribe(Set<String> topics) {
        if (topics.equals(subscribed)) {
            return;
        }
        try {
            if (topics.isEmpty()) {
                handler.unregister();
                handler = null;
            } else {
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put(EventHandler.TOPICS, topics.toArray(String[]::new));
                properties.put(EventHandler.DURABLE, "daz.eventfilter.routing"); // held across an update
                if (handler == null) {
                    handler = context.registerService(EventHandler.class, this, properties);
                } else {
                    handler.setProperties(properties);
                }
            }
            subscribed = topics;
            LOG.debug("routing rules take {}", topics.isEmpty() ? "no events" : topics);
        } catch (IllegalStateException e) {
            // the bundle is stopping: its services go with it
            handler = null;
            subscribed = Set.of();
        }
    }

    /** Reads the rules now, on the loader's thread (one read at a time), and says what came of it. */
    RuleRouter.Reload reload() {
        try {
            return CompletableFuture.supplyAsync(this::reloadAndSubscribe, loader)
                    .get(RELOAD_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading the routing rules", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("routing rules not reloaded: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("routing rules not reloaded within " + RELOAD_WAIT.toSeconds() + " s");
        }
    }

    /** The rules in force. */
    RoutingTable table() {
        return router.table();
    }

    /** Events the rule of that name forwarded since start. */
    long forwarded(String rule) {
        return router.forwarded(rule);
    }

    /** The way to the rules' table, for the shell. */
    RuleStore store() {
        return store;
    }

    @Override
    public PluginStatus status() {
        String bundle = FrameworkUtil.getBundle(RoutingFilter.class) == null
                ? "daz.eventfilter"
                : FrameworkUtil.getBundle(RoutingFilter.class).getSymbolicName();
        RoutingTable rules = router.table();
        PluginStatus.State state = PluginStatus.State.RUNNING;
        Optional<String> error = Optional.empty();
        List<RoutingTable.Entry> refused = rules.entries().stream()
                .filter(e -> e.state() == RoutingTable.State.REFUSED)
                .toList();
        if (router.loadError().isPresent()) {
            state = PluginStatus.State.DEGRADED;
            error = Optional.of("rules not read, the last loaded stay in force: "
                    + router.loadError().get());
        } else if (!refused.isEmpty()) {
            state = PluginStatus.State.DEGRADED;
            RoutingTable.Entry first = refused.get(0);
            error = Optional.of("rule '" + first.rule().name() + "' refused: "
                    + first.reason().orElse("")
                    + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more, see daz:rules)" : ""));
        }
        return new PluginStatus(
                bundle + " (routing rules)",
                state,
                error,
                router.failedLoads(),
                router.forwarded(),
                Duration.between(started, Instant.now()));
    }
}
