package daz.sql;

import daz.api.sql.DatabaseException;
import daz.api.sql.Migrations;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
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
 * creates its schema {@code daz_<plugin>} owned by a role of the same name and applies its Flyway scripts there
 * (on its own thread, never inside the bundle event). Each plugin's outcome is published as a {@link PluginHealth}
 * service; a failed migration fails that plugin only.
 *
 * <p>Isolation is PostgreSQL's: a plugin's statements run under its role, which owns its schema and has no rights
 * on any other. That needs a bot user who may create roles (superuser, or CREATEROLE plus CREATE on the database);
 * without that, schemas still separate plugins, but only by name, and the log says so loudly.
 */
// immediate: migrations run when daz.sql starts, not when something first asks for a Database
@Component(service = PluginSchemas.class, immediate = true)
public class PluginSchemas implements BundleTrackerCustomizer<String> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginSchemas.class);

    /** What is known of one plugin schema. */
    record SchemaState(String schema, String role, PluginStatus.State state, String error, Instant since) {}

    private final ConnectionPool pool;
    private final BundleContext context;
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "daz-sql-migrations"));
    private final Map<String, SchemaState> schemas = new ConcurrentHashMap<>();
    /** Migrations queued or running, by bundle: callers of that bundle wait for them. */
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    private final Map<String, ServiceRegistration<PluginHealth>> health = new ConcurrentHashMap<>();
    private final BundleTracker<String> tracker;
    private volatile Boolean rolesAllowed;

    @Activate
    public PluginSchemas(@Reference ConnectionPool pool, BundleContext context) {
        this.pool = pool;
        this.context = context;
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
    }

    @Override
    public String addingBundle(Bundle bundle, BundleEvent event) {
        String folder = bundle.getHeaders("").get(Migrations.HEADER);
        if (folder == null) {
            return null;
        }
        String name = bundle.getSymbolicName();
        schemas.remove(name);
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

    private void migrate(Bundle bundle, String folder, int attempt) {
        String name = bundle.getSymbolicName();
        String schema = Migrations.schemaOf(name);
        try {
            String role = ensureSchema(schema);
            ClassLoader loader = bundle.adapt(BundleWiring.class).getClassLoader();
            DataSource unpooled = pool.unpooledDataSource();
            var flyway = Flyway.configure(loader)
                    // unpooled: the session-wide SET ROLE must end with the connection
                    .dataSource(role == null ? unpooled : new RoleDataSource(unpooled, role))
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(false)
                    .table(Migrations.HISTORY_TABLE)
                    .locations("classpath:" + folder);
            MigrateResult result = flyway.load().migrate();
            LOG.info(
                    "Plugin {}: schema {} at version {} ({} migrations applied)",
                    name,
                    schema,
                    // Flyway names no target version when there was nothing to apply
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
            record(bundle, new SchemaState(schema, role, PluginStatus.State.RUNNING, null, Instant.now()));
        } catch (RuntimeException | SQLException e) {
            if (unreachable(e)) {
                // the database is down, not the plugin wrong: try again until it answers
                long delay = Math.min(60, 1L << Math.min(attempt, 6));
                String error = "waiting for the database to migrate schema " + schema + " (attempt " + attempt
                        + ", next in " + delay + " s): " + e.getMessage();
                LOG.warn("Plugin {}: {}", name, error);
                record(bundle, new SchemaState(schema, null, PluginStatus.State.DEGRADED, error, Instant.now()));
                if (!worker.isShutdown() && tracker.getObject(bundle) != null) {
                    worker.schedule(() -> migrate(bundle, folder, attempt + 1), delay, TimeUnit.SECONDS);
                }
                return;
            }
            String error = "migration of schema " + schema + " failed: " + e.getMessage();
            LOG.error("Plugin {} failed: {}", name, error);
            record(bundle, new SchemaState(schema, null, PluginStatus.State.FAILED, error, Instant.now()));
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

    /**
     * Creates the schema (and its role, when the bot may create roles) if missing. Returns the role statements of
     * this schema run under, or null for schema-only separation.
     */
    String ensureSchema(String schema) throws SQLException {
        try (Connection c = pool.dataSource().getConnection();
                Statement s = c.createStatement()) {
            if (rolesAllowed == null) {
                rolesAllowed = mayCreateRoles(s);
                if (!rolesAllowed) {
                    LOG.warn("*** The database user may not create roles: plugin schemas are separated by name only,"
                            + " and a plugin could read or change another plugin's tables. Grant CREATEROLE (and"
                            + " CREATE on the database) to the bot's user to let PostgreSQL enforce it. ***");
                }
            }
            if (!rolesAllowed) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                return null;
            }
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + schema + "') THEN"
                    + " CREATE ROLE " + schema + " NOLOGIN; END IF; END $$");
            s.execute("GRANT " + schema + " TO CURRENT_USER");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + schema);
            s.execute("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
            return schema;
        }
    }

    private static boolean mayCreateRoles(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT rolsuper OR (rolcreaterole"
                + " AND has_database_privilege(current_database(), 'CREATE')) FROM pg_roles"
                + " WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
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
     * The role and schema statements of a bundle run under: migrated if it carries migrations (and then only if
     * they succeeded), created on first use otherwise.
     */
    SchemaState schemaFor(String symbolicName) {
        CompletableFuture<Void> migration = pending.get(symbolicName);
        if (migration != null) {
            try {
                migration.get(pool.statementTimeoutMs(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseException(symbolicName + ": interrupted while its migrations ran");
            } catch (ExecutionException | TimeoutException e) {
                throw new DatabaseException(symbolicName + ": its migrations have not finished: " + e);
            }
        }
        SchemaState state = schemas.get(symbolicName);
        if (state != null) {
            if (state.state() != PluginStatus.State.RUNNING) {
                throw new DatabaseException(symbolicName + ": " + state.error());
            }
            return state;
        }
        String schema = Migrations.schemaOf(symbolicName);
        try {
            String role = ensureSchema(schema);
            return schemas.computeIfAbsent(
                    symbolicName, n -> new SchemaState(schema, role, PluginStatus.State.RUNNING, null, Instant.now()));
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
