package daz.itests.sql.logger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import daz.api.bus.EventHandler;
import daz.api.sql.Migrations;
import daz.itests.Await;
import daz.itests.TestBundles;
import daz.itests.sql.logger.plugin.VisitLogger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * A plugin asks for rows explicitly ({@code log.request}, {@code log.batch}) as it starts: they land in its own
 * schema, written under its own role, once daz.sql has migrated it, and the request is answered with the journal
 * position.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginRowsIT extends LoggerTestSupport {

    private static final String PLUGIN = "daz.plugin.visits";

    @Override
    protected Option[] testOptions() {
        List<Option> options = new ArrayList<>(List.of(super.testOptions()));
        Path jar = TestBundles.build(
                workDirectory(getClass()).resolve("plugins"),
                PLUGIN,
                "1.0.0",
                Map.of(Migrations.HEADER, "db/migration", "-dsannotations", "*"),
                Map.of("db/migration/V1__visits.sql", "CREATE TABLE visits (who text NOT NULL, n integer NOT NULL);"),
                VisitLogger.class);
        options.add(systemProperty(PLUGIN).value(jar.toUri().toString()));
        return options.toArray(Option[]::new);
    }

    @Test
    public void aPluginsRequestedRowsLandInItsOwnSchemaAndTheRequestIsAnswered() throws Exception {
        AtomicReference<Object> replied = new AtomicReference<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, "it.visits.replied");
        ServiceRegistration<EventHandler> listener =
                context.registerService(EventHandler.class, event -> replied.set(event.payload()), properties);
        try {
            Bundle plugin = context.installBundle(System.getProperty(PLUGIN));
            plugin.start();
            awaitCount(Duration.ofSeconds(60), "SELECT count(*) FROM daz_visits.visits", 4);
            assertEquals(10, count("SELECT sum(n) FROM daz_visits.visits"));
            Await.until(Duration.ofSeconds(30), "the reply to log.request", () -> replied.get() != null);
            assertTrue(
                    "the reply is the journal position: " + replied.get(),
                    replied.get() instanceof Long position && position > 0);
            // the rows went where the plugin's role reaches: its own schema
            assertEquals(
                    1,
                    count("SELECT count(*) FROM pg_tables WHERE schemaname = 'daz_visits'"
                            + " AND tablename = 'visits' AND tableowner LIKE 'daz\\_visits\\_%'"));
            assertEquals(0, count("SELECT count(*) FROM daz_sql.log_rejects"));
        } finally {
            listener.unregister();
        }
    }
}
