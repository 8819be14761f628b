package daz.itests.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import daz.api.sql.SqlResult;
import daz.api.sql.SqlStatement;
import daz.api.status.PluginStatus;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.sql.logger.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Nobody waits on a migration: while the database is cut (by a proxy the test controls), a plugin whose schema
 * cannot be migrated gets an immediate, clear refusal from the Database service and from {@code sql.query}, not a
 * caller held until a timeout; once the database is back, the migration completes by itself and the same calls work.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchemaNotReadyIT extends DazTestSupport {

    private static final String LATE = "daz.plugin.late";

    @Inject
    ConfigurationAdmin configAdmin;

    /** Waiting for it means daz.sql is up. */
    @Inject
    Database ownDatabase;

    @Override
    protected Option[] testOptions() {
        return new Option[] {
            PluginBundles.withMigrations(getClass(), LATE, Map.of("V1__late.sql", "CREATE TABLE late (n integer);"))
        };
    }

    @Test
    public void aStatementForASchemaWaitingForTheDatabaseFailsAtOnceAndWorksOnceItIsBack() throws Exception {
        URI database = URI.create(databaseUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort())) {
            configurePool(databaseUrl().replace(":" + database.getPort() + "/", ":" + proxy.port() + "/"));
            Await.until(Duration.ofSeconds(60), "the pool connected through the proxy", () -> proxy.accepted() > 0);
            // the new pool's service brings daz.sql's request handler back a moment later
            Await.until(Duration.ofSeconds(30), "sql.query served again", this::sqlQueryServed);
            proxy.cut();

            Bundle late = new PluginBundles(context).plugin(LATE);
            BundleContext plugin = late.getBundleContext();
            Database db = PluginBundles.database(late);
            EventBus bus = plugin.getService(plugin.getServiceReference(EventBus.class));

            // refused with SQLSTATE 55000, not a connection timeout (08xxx) after waiting for the database
            DatabaseException refused = refusal(() -> db.query("SELECT count(*) AS n FROM late"));
            assertEquals(refused.getMessage(), "55000", refused.sqlState());
            assertTrue(refused.getMessage(), refused.getMessage().contains("daz_late is not ready"));
            // said as what it is: a migration held by the database (at its first connection, or retrying), not one
            // that runs
            assertTrue(
                    refused.getMessage(),
                    refused.getMessage().contains("its migrations wait for a connection to the database")
                            || refused.getMessage().contains("waiting for the database"));
            try {
                countThroughTheBus(bus);
                fail("sql.query answered while the schema could not be migrated");
            } catch (ExecutionException e) {
                assertTrue(
                        String.valueOf(e.getCause()),
                        String.valueOf(e.getCause()).contains("not ready"));
            }
            // the migration reported as waiting for the database
            new PluginBundles(context).awaitState(LATE, PluginStatus.State.DEGRADED, Duration.ofSeconds(60));
            DatabaseException stillRefused = refusal(() -> db.execute("INSERT INTO late VALUES (1)"));
            assertEquals(stillRefused.getMessage(), "55000", stillRefused.sqlState());
            assertTrue(stillRefused.getMessage(), stillRefused.getMessage().contains("waiting for the database"));

            proxy.restore();
            // the migration done once the database is back
            new PluginBundles(context).awaitState(LATE, PluginStatus.State.RUNNING, Duration.ofSeconds(120));
            assertEquals(1L, db.execute("INSERT INTO late VALUES (?)", 1));
            assertEquals(List.of(Map.of("n", 1L)), countThroughTheBus(bus).rows());

            // a restart of the same plugin finds its schema migrated already: served at once, not refused
            late.stop();
            late.start();
            assertEquals(
                    List.of(Map.of("n", 1L)), PluginBundles.database(late).query("SELECT count(*) AS n FROM late"));
        }
    }

    private boolean sqlQueryServed() {
        try {
            return context.getServiceReferences(
                                    EventHandler.class, "(" + EventHandler.TOPICS + "=" + SqlStatement.QUERY + ")")
                            .size()
                    > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SqlResult countThroughTheBus(EventBus bus) throws Exception {
        return bus.request(SqlStatement.QUERY, new SqlStatement("SELECT count(*) AS n FROM late"))
                .toCompletableFuture()
                .get(60, TimeUnit.SECONDS)
                .payload(SqlResult.class);
    }

    private static DatabaseException refusal(Runnable call) {
        try {
            call.run();
        } catch (DatabaseException e) {
            return e;
        }
        throw new AssertionError("the call was not refused");
    }

    private void configurePool(String url) throws Exception {
        org.osgi.service.cm.Configuration pool = configAdmin.getConfiguration("daz.sql", "?");
        Dictionary<String, Object> wanted = new Hashtable<>();
        Dictionary<String, Object> current = pool.getProperties();
        if (current != null) { // keeps felix.fileinstall.filename
            for (String key : java.util.Collections.list(current.keys())) {
                wanted.put(key, current.get(key));
            }
        }
        wanted.put("url", url);
        wanted.put("connection.timeout.ms", "2000");
        pool.update(wanted);
    }
}
