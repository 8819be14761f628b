package daz.itests.sql;

import daz.api.sql.Database;
import daz.api.sql.Migrations;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.TestBundles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Test plugin bundles of the SQL tests (built by {@code TestBundles}, their path in the system property named by
 * their symbolic name): installed and started on first use, their schema's health, their own Database service.
 */
final class PluginBundles {

    private final BundleContext context;

    PluginBundles(BundleContext context) {
        this.context = context;
    }

    /** The plugin, installed and started if it is not there yet. */
    Bundle plugin(String symbolicName) throws BundleException {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        Bundle bundle = context.installBundle(
                Path.of(System.getProperty(symbolicName)).toUri().toString());
        bundle.start();
        return bundle;
    }

    /**
     * A test plugin with Flyway scripts ({@code V1__x.sql} → SQL): built into the class's work folder, its path
     * handed to the framework as the system property named by its symbolic name.
     */
    static Option withMigrations(Class<?> testClass, String symbolicName, Map<String, String> scripts) {
        return withMigrations(testClass, symbolicName, "1.0.0", symbolicName, scripts);
    }

    /** The same, of a given version, its path in the system property {@code property}. */
    static Option withMigrations(
            Class<?> testClass, String symbolicName, String version, String property, Map<String, String> scripts) {
        Map<String, String> resources = new TreeMap<>();
        scripts.forEach((name, sql) -> resources.put("db/migration/" + name, sql));
        Path jar = TestBundles.build(
                DazTestSupport.workDirectory(testClass).resolve("plugins"),
                symbolicName,
                version,
                Map.of(Migrations.HEADER, "db/migration"),
                resources);
        return CoreOptions.systemProperty(property).value(jar.toString());
    }

    /** Waits until daz.sql says the plugin's schema is in {@code state}. */
    void awaitState(String symbolicName, PluginStatus.State state, Duration timeout) {
        Await.until(
                timeout,
                symbolicName + " " + state,
                () -> health(symbolicName).map(s -> s.state() == state).orElse(false));
    }

    /** What daz.sql says of the plugin's schema, once it has said anything. */
    Optional<PluginStatus> health(String symbolicName) {
        try {
            return context.getServiceReferences(PluginHealth.class, "(daz.plugin=" + symbolicName + ")").stream()
                    .map(r -> context.getService(r).status())
                    .findFirst();
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the plugin's migrations have ended (well or not) and returns its schema's status. */
    PluginStatus statusOf(String symbolicName) {
        return Await.value(
                Duration.ofSeconds(30),
                "the status of " + symbolicName,
                () -> health(symbolicName)
                        .filter(s -> s.state() != PluginStatus.State.DEGRADED)
                        .orElse(null));
    }

    /**
     * The Database service as the given plugin gets it (the service is bundle-scoped), once its migrations have
     * ended (statements for a schema not migrated yet are refused at once).
     */
    Database databaseOf(String symbolicName) throws BundleException {
        Bundle bundle = plugin(symbolicName);
        statusOf(symbolicName);
        return database(bundle);
    }

    /** The Database service as the bundle gets it, at once. */
    static Database database(Bundle bundle) {
        BundleContext plugin = bundle.getBundleContext();
        ServiceReference<Database> ref = Await.value(
                Duration.ofSeconds(30), "the Database service", () -> plugin.getServiceReference(Database.class));
        return plugin.getService(ref);
    }
}
