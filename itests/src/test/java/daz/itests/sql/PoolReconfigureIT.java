package daz.itests.sql;

import static org.junit.Assert.assertEquals;

import daz.api.sql.DatabaseException;
import daz.api.sql.Migrations;
import daz.itests.Await;
import daz.itests.TestBundles;
import daz.itests.sql.logger.LoggerTestSupport;
import daz.itests.sql.reconfigure.NotesCounter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * An operator edits {@code etc/daz.sql.cfg} (a new pool size and a new password, same database and user): the pool
 * takes the change behind the same service, so a plugin component that needs the Database service is not restarted,
 * its schema is not migrated again, and its statements, and the SQL logger's writes through the bot's pool, keep
 * working.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PoolReconfigureIT extends LoggerTestSupport {

    private static final String PLUGIN = "daz.plugin.notescounter";

    @Override
    protected Option[] testOptions() {
        Path jar = TestBundles.build(
                workDirectory(getClass()).resolve("plugins"),
                PLUGIN,
                "1.0.0",
                Map.of("-dsannotations", "*", Migrations.HEADER, "db/migration"),
                Map.of("db/migration/V1__notes.sql", "CREATE TABLE notes (id bigserial PRIMARY KEY, body text);"),
                NotesCounter.class);
        List<Option> options = new ArrayList<>(Arrays.asList(super.testOptions()));
        options.add(CoreOptions.systemProperty(PLUGIN).value(jar.toString()));
        return options.toArray(Option[]::new);
    }

    @Test
    public void aNewPoolSizeAndPasswordRestartNoPluginAndMigrateNothingAgain() throws Exception {
        new PluginBundles(context).plugin(PLUGIN);
        Supplier<Map<String, Object>> counter = counter();
        Map<String, Object> before = Await.value(Duration.ofSeconds(30), "the plugin's first statement", () -> {
            try {
                return counter.get();
            } catch (DatabaseException schemaNotReadyYet) {
                return null;
            }
        });
        assertEquals(1, before.get("activations"));

        List<String> events = new CopyOnWriteArrayList<>();
        ServiceListener listener = event -> events.add(kind(event) + " "
                + Arrays.toString((String[]) event.getServiceReference().getProperty("objectClass")));
        context.addServiceListener(
                listener,
                "(|(objectClass=daz.api.sql.Database)(objectClass=daz.sql.ConnectionPool)"
                        + "(&(objectClass=daz.api.status.PluginHealth)(daz.plugin=" + PLUGIN + "))"
                        + "(daz.itest=" + NotesCounter.MARK + "))");
        try {
            writeConfiguration(
                    workDirectory(getClass()),
                    "daz.sql",
                    "url = " + databaseUrl(),
                    ".password = Daz-IT-another-Pa55word",
                    "connection.timeout.ms = 3000",
                    "pool.size = 3");
            Await.until(
                    Duration.ofSeconds(60),
                    "daz:sql showing the new pool size",
                    () -> shellOutput("daz:sql").contains("(at most 3)"));

            // the bot's pool, logged in again with the new password, takes the logger's rows
            chat("reconfigured", "operator", "after the edit", 2, false);
            awaitCount(
                    Duration.ofSeconds(30), "SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'reconfigured'", 1);
            Map<String, Object> after = counter.get();

            assertEquals(
                    "Database, pool, plugin component and its schema's health: no service went or came",
                    List.of(),
                    events);
            assertEquals("the plugin component was not restarted", 1, after.get("activations"));
            assertEquals("its statements still work", (Long) before.get("notes") + 1, after.get("notes"));
        } finally {
            context.removeServiceListener(listener);
        }
    }

    @SuppressWarnings("unchecked")
    private Supplier<Map<String, Object>> counter() {
        ServiceReference<?> ref = Await.value(Duration.ofSeconds(30), "the plugin component", () -> {
            try {
                ServiceReference<?>[] refs =
                        context.getServiceReferences(Supplier.class.getName(), "(daz.itest=" + NotesCounter.MARK + ")");
                return refs == null ? null : refs[0];
            } catch (InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        });
        return (Supplier<Map<String, Object>>) context.getService(ref);
    }

    private static String kind(ServiceEvent event) {
        return switch (event.getType()) {
            case ServiceEvent.REGISTERED -> "registered";
            case ServiceEvent.UNREGISTERING -> "unregistering";
            default -> "modified";
        };
    }
}
