package daz.sql;

import daz.api.sql.DatabaseException;
import daz.api.sql.Migrations;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema of every plugin: an extender that, when a bundle with a {@value Migrations#HEADER} header starts,
 * creates its schema {@code daz_<plugin>} owned by a login role of its own ({@link PluginRoles}) and applies its
 * Flyway scripts there, logged in as that role (on its own thread, never inside the bundle event). Each plugin's
 * outcome is published as a {@link PluginHealth} service; a failed migration fails that plugin only.
 *
 * <p>Nobody waits for a migration: a statement for a schema that is not ready fails at once with a clear
 * {@link DatabaseException} (SQLSTATE {@value #NOT_READY}), while the migration retries in the background until the
 * database answers.
 */
// immediate: migrations run when daz.sql starts, not when something first asks for a Database
@Component(service = PluginSchemas.class, immediate = true)
public class PluginSchemas implements BundleTrackerCustomizer<String> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginSchemas.class);

    /** SQLSTATE of a statement refused because its schema is not migrated yet: object not in prerequisite state. */
    public static final String NOT_READY = DatabaseException.NOT_READY;

    /**
     * What is known of one plugin schema: the login role and the pool its statements run on, or none of both when
     * the bot may not create roles (separation by name only).
     */
    record SchemaState(
            String schema, String role, DataSource source, PluginStatus.State state, String error, Instant since) {}

    private final ConnectionPool pool;
    private final BundleContext context;
    private final PluginRoles roles = new PluginRoles();
    private final PluginPools pools;
    private final ScheduledExecutorService worker = QuietThread.named("daz-sql-migrations");
    private final Map<String, SchemaState> schemas = new ConcurrentHashMap<>();
    /** Migrations queued or running, by bundle: statements of that bundle are refused until they end. */
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    /** What a bundle's pending migration is doing ({@link #WAITING}, {@link #RUNNING}), said to what it refuses. */
    private final Map<String, String> stages = new ConcurrentHashMap<>();

    static final String WAITING = "its migrations wait for a connection to the database";
    static final String RUNNING = "its migrations are running";

    private final Map<String, ServiceRegistration<PluginHealth>> health = new ConcurrentHashMap<>();
    /** Bundle revisions whose schema was checked for being migrated already (see {@link #alreadyMigrated}). */
    private final Set<String> checked = ConcurrentHashMap.newKeySet();

    private final BundleTracker<String> tracker;

    @Activate
    public PluginSchemas(@Reference ConnectionPool pool, BundleContext context) {
        this.pool = pool;
        this.context = context;
        this.pools = new PluginPools(pool);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, this);
        tracker.open();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        tracker.close();
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        health.values().forEach(PluginSchemas::unregister);
        health.clear();
        pools.close();
    }

    @Override
    public String addingBundle(Bundle bundle, BundleEvent event) {
        String folder = bundle.getHeaders("").get(Migrations.HEADER);
        if (folder == null) {
            return null;
        }
        String name = bundle.getSymbolicName();
        schemas.remove(name);
        // a restart of the same revision may be found migrated again at once
        checked.remove(name + "@" + bundle.getLastModified());
        stages.put(name, WAITING);
        pending.put(name, CompletableFuture.runAsync(() -> migrate(bundle, folder.trim(), 1), worker));
        return folder;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, String folder) {}

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, String folder) {
        // the schema and its rows stay: a plugin that is updated or restarted finds its data again
        ServiceRegistration<PluginHealth> registration = health.remove(bundle.getSymbolicName());
        if (registration != null) {
            unregister(registration);
        }
    }

    /**
     * Whether the database answered the last migration or history check: only then is the history check of
     * {@link #alreadyMigrated} asked, so that no caller waits out the pool's connection timeout for a database that
     * is known to be away. Null until the first of them ended: then the pool's own connection check is the last word
     * (at a start the channels ask for their state before the first migration check has run, and would otherwise be
     * refused although the pool has connected).
     */
    private volatile Boolean databaseAnswered;

    private void migrate(Bundle bundle, String folder, int attempt) {
        String name = bundle.getSymbolicName();
        String schema = Migrations.schemaOf(name);
        stages.put(name, WAITING);
        try {
            SchemaState prepared = prepare(name, schema);
            stages.put(name, RUNNING);
            DataSource checked = prepared.source() != null ? prepared.source() : pool.dataSource();
            MigrationScripts.Version current = MigrationScripts.upToDate(bundle, folder, checked, schema);
            if (current != null) {
                // nearly every start: the history holds every script the bundle carries, and Flyway is not loaded
                LOG.info("Plugin {}: schema {} at version {} (up to date)", name, schema, current);
            } else {
                ClassLoader loader = bundle.adapt(BundleWiring.class).getClassLoader();
                // logged in as the plugin's role: its scripts can do no more than its statements
                DataSource source =
                        prepared.role() == null ? pool.unpooledDataSource() : pools.unpooled(prepared.role());
                FlywayMigration.Outcome outcome = FlywayMigration.migrate(loader, source, schema, folder);
                LOG.info(
                        "Plugin {}: schema {} at version {} ({} migrations applied)",
                        name,
                        schema,
                        outcome.version(),
                        outcome.applied());
            }
            record(bundle, prepared);
            databaseAnswered = true;
        } catch (RuntimeException | SQLException e) {
            if (worker.isShutdown()) {
                // daz.sql is stopping and interrupted it (an operator's stop during a first start, say): no failure
                LOG.info(
                        "Plugin {}: migration of schema {} stopped with daz.sql; it runs at the next start",
                        name,
                        schema);
                return;
            }
            if (unreachable(e)) {
                databaseAnswered = false;
                // the database is down, not the plugin wrong: try again until it answers
                long delay = Math.min(60, 1L << Math.min(attempt, 6));
                String error = "waiting for the database to migrate schema " + schema + " (attempt " + attempt
                        + ", next in " + delay + " s): " + e.getMessage();
                LOG.warn("Plugin {}: {}", name, error);
                record(bundle, new SchemaState(schema, null, null, PluginStatus.State.DEGRADED, error, Instant.now()));
                if (!worker.isShutdown() && tracker.getObject(bundle) != null) {
                    worker.schedule(() -> migrate(bundle, folder, attempt + 1), delay, TimeUnit.SECONDS);
                }
                return;
            }
            String error = "migration of schema " + schema + " failed: " + e.getMessage();
            LOG.error("Plugin {} failed: {}", name, error);
            record(bundle, new SchemaState(schema, null, null, PluginStatus.State.FAILED, error, Instant.now()));
        }
    }

    /** Whether the failure is a database that cannot be reached (SQLSTATE class 08, a pool timeout). */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** Creates the schema (and its role and pool, when the bot may create roles) if missing. */
    private SchemaState prepare(String bundle, String schema) throws SQLException {
        try (Connection c = pool.dataSource().getConnection()) {
            Optional<String> role = roles.prepare(c, schema);
            DataSource source = role.isEmpty() ? null : pools.open(c, role.get(), bundle);
            return new SchemaState(schema, role.orElse(null), source, PluginStatus.State.RUNNING, null, Instant.now());
        }
    }

    private void record(Bundle bundle, SchemaState state) {
        String name = bundle.getSymbolicName();
        schemas.put(name, state);
        // the plugin may report its own health too: this line is about its schema
        PluginHealth status = () -> new PluginStatus(
                name + " (schema " + state.schema() + ")",
                state.state(),
                Optional.ofNullable(state.error()),
                0,
                0,
                Duration.between(state.since(), Instant.now()));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("daz.plugin", name);
        ServiceRegistration<PluginHealth> previous =
                health.put(name, context.registerService(PluginHealth.class, status, properties));
        if (previous != null) {
            unregister(previous);
        }
    }

    /**
     * The role, pool and schema statements of a bundle run under: migrated if it carries migrations (and then only
     * if they succeeded), created on first use otherwise. Never waits for a migration.
     *
     * @throws DatabaseException at once when the bundle's migrations have not finished or failed
     */
    SchemaState schemaFor(String symbolicName) {
        CompletableFuture<Void> migration = pending.get(symbolicName);
        SchemaState state = schemas.get(symbolicName);
        if (migration != null && !migration.isDone()) {
            Optional<SchemaState> applied = alreadyMigrated(symbolicName);
            if (applied.isPresent()) {
                return applied.get();
            }
            // a database that is down holds the migration at its first connection, for the pool's timeout: say so,
            // rather than that it runs
            String why =
                    state != null && state.error() != null ? state.error() : stages.getOrDefault(symbolicName, RUNNING);
            throw new DatabaseException(
                    symbolicName + ": schema " + Migrations.schemaOf(symbolicName) + " is not ready yet (" + why
                            + "); try again later",
                    NOT_READY,
                    null);
        }
        if (state != null) {
            if (state.state() != PluginStatus.State.RUNNING) {
                // degraded: waiting for the database to migrate; failed: for good, until the plugin is fixed
                throw new DatabaseException(
                        symbolicName + ": " + state.error(),
                        state.state() == PluginStatus.State.DEGRADED ? NOT_READY : null,
                        null);
            }
            return state;
        }
        return prepareOnFirstUse(symbolicName);
    }

    /**
     * While a bundle's migrations run (typically a mere check, after a restart), whether its schema already holds
     * every versioned script the bundle carries: then its statements need not be refused. Asks the database once
     * per bundle revision until it answers, on the caller's thread, as a statement of its own would, and only while
     * the database answered the last migration or check (else it would wait out the pool's connection timeout).
     */
    private synchronized Optional<SchemaState> alreadyMigrated(String symbolicName) {
        SchemaState state = schemas.get(symbolicName);
        if (state != null) {
            return state.state() == PluginStatus.State.RUNNING ? Optional.of(state) : Optional.empty();
        }
        Bundle bundle = tracked(symbolicName);
        String schema = Migrations.schemaOf(symbolicName);
        if (!databaseAnswers() || bundle == null) {
            return Optional.empty();
        }
        String revision = symbolicName + "@" + bundle.getLastModified();
        if (!checked.add(revision)) {
            return Optional.empty();
        }
        try {
            if (MigrationScripts.upToDate(bundle, tracker.getObject(bundle), pool.dataSource(), schema) == null) {
                return Optional.empty();
            }
            state = prepare(symbolicName, schema);
            schemas.put(symbolicName, state);
            return Optional.of(state);
        } catch (SQLException | RuntimeException e) {
            checked.remove(revision); // not answered: ask again with the next statement
            if (unreachable(e)) {
                databaseAnswered = false;
            }
            return Optional.empty();
        }
    }

    private boolean databaseAnswers() {
        Boolean answered = databaseAnswered;
        return answered != null ? answered : pool.reachable();
    }

    private Bundle tracked(String symbolicName) {
        Map<Bundle, String> bundles = tracker.getTracked();
        return bundles.keySet().stream()
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElse(null);
    }

    /** A bundle without migrations: its schema is made when it first sends a statement. */
    private synchronized SchemaState prepareOnFirstUse(String symbolicName) {
        SchemaState state = schemas.get(symbolicName);
        if (state != null) {
            return state;
        }
        String schema = Migrations.schemaOf(symbolicName);
        try {
            state = prepare(symbolicName, schema);
            schemas.put(symbolicName, state);
            return state;
        } catch (SQLException e) {
            throw new DatabaseException("cannot prepare schema " + schema + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    Map<String, SchemaState> schemas() {
        return Map.copyOf(schemas);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle stopped first
        }
    }
}
