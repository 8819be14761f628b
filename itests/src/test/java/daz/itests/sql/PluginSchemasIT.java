package daz.itests.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import daz.api.sql.SqlResult;
import daz.api.sql.SqlStatement;
import daz.api.status.PluginStatus;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Plugin schemas on the real PostgreSQL: a plugin's migrations create its schema, PostgreSQL denies another plugin
 * its tables, a failed migration fails that plugin only, and hostile strings go in and come back verbatim.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginSchemasIT extends DazTestSupport {

    private static final String NOTES = "daz.plugin.notes";
    private static final String SNOOP = "daz.plugin.snoop";
    private static final String BROKEN = "daz.plugin.broken";
    private static final String EVOLVING = "daz.plugin.evolving";
    private static final String V1 = "CREATE TABLE items (id bigserial PRIMARY KEY, name text);";
    private static final String V2 = "ALTER TABLE items ADD COLUMN price numeric;";

    @Inject
    EventBus bus;

    /** Waiting for it means daz.sql is up, its bus handlers too. */
    @Inject
    Database ownDatabase;

    @Override
    protected Option[] testOptions() {
        return new Option[] {
            PluginBundles.withMigrations(
                    getClass(),
                    NOTES,
                    Map.of(
                            "V1__notes.sql",
                            "CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL);",
                            "V2__author.sql",
                            "ALTER TABLE notes ADD COLUMN author text;")),
            PluginBundles.withMigrations(getClass(), SNOOP, Map.of("V1__snoop.sql", "CREATE TABLE seen (name text);")),
            PluginBundles.withMigrations(getClass(), BROKEN, Map.of("V1__broken.sql", "CREATE TABLE oops (;")),
            PluginBundles.withMigrations(getClass(), EVOLVING, Map.of("V1__items.sql", V1)),
            PluginBundles.withMigrations(
                    getClass(), EVOLVING, "1.1.0", EVOLVING + ".2", Map.of("V1__items.sql", V1, "V2__price.sql", V2)),
            PluginBundles.withMigrations(
                    getClass(),
                    EVOLVING,
                    "1.1.1",
                    EVOLVING + ".edited",
                    Map.of("V1__items.sql", V1, "V2__price.sql", V2 + " -- edited after it was applied"))
        };
    }

    private Bundle plugin(String symbolicName) throws Exception {
        return new PluginBundles(context).plugin(symbolicName);
    }

    private Database databaseOf(String symbolicName) throws Exception {
        return new PluginBundles(context).databaseOf(symbolicName);
    }

    private PluginStatus statusOf(String symbolicName) {
        return new PluginBundles(context).statusOf(symbolicName);
    }

    @Test
    public void aPluginsMigrationsCreateItsSchemaWithItsOwnHistory() throws Exception {
        Database notes = databaseOf(NOTES);
        assertEquals(PluginStatus.State.RUNNING, statusOf(NOTES).state());
        assertEquals("daz_notes", notes.schema());

        List<Map<String, Object>> tables = notes.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
                "daz_notes");
        assertEquals(List.of(Map.of("table_name", "flyway_history"), Map.of("table_name", "notes")), tables);
        List<Map<String, Object>> applied =
                notes.query("SELECT version FROM flyway_history WHERE success ORDER BY" + " installed_rank");
        assertEquals(List.of(Map.of("version", "1"), Map.of("version", "2")), applied);
    }

    @Test
    public void postgresDeniesAPluginAnotherPluginsTables() throws Exception {
        Database notes = databaseOf(NOTES);
        notes.execute("INSERT INTO notes (body) VALUES (?)", "private");
        Database snoop = databaseOf(SNOOP);
        assertEquals(PluginStatus.State.RUNNING, statusOf(SNOOP).state());

        for (String attempt : List.of(
                "SELECT * FROM daz_notes.notes",
                "INSERT INTO daz_notes.notes (body) VALUES ('forged')",
                "DROP TABLE daz_notes.notes")) {
            try {
                snoop.execute(attempt);
                fail("PostgreSQL let " + SNOOP + " run: " + attempt);
            } catch (DatabaseException e) {
                assertEquals(attempt + ": " + e.getMessage(), "42501", e.sqlState());
            }
        }
        assertEquals(1L, notes.query("SELECT count(*) AS n FROM notes").get(0).get("n"));
    }

    @Test
    public void aFailedMigrationFailsThatPluginAndNothingElse() throws Exception {
        plugin(BROKEN);
        PluginStatus broken = statusOf(BROKEN);
        assertEquals(PluginStatus.State.FAILED, broken.state());
        assertTrue(
                broken.lastError().orElse(""),
                broken.lastError().orElse("").contains("V1__broken.sql")
                        || broken.lastError().orElse("").contains("syntax"));
        try {
            databaseOf(BROKEN).query("SELECT 1");
            fail("the broken plugin got a working database");
        } catch (DatabaseException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("migration"));
        }
        assertEquals(1L, databaseOf(NOTES).query("SELECT 1 AS one").get(0).get("one"));
    }

    /**
     * A restart with nothing new is served from the history check alone (no Flyway); a new script is applied; a script
     * edited after it was applied fails the plugin, as Flyway's validation always did.
     */
    @Test
    public void aNewScriptIsAppliedARestartFindsItDoneAndAnEditedOneFailsThePlugin() throws Exception {
        Bundle evolving = plugin(EVOLVING);
        assertEquals(PluginStatus.State.RUNNING, statusOf(EVOLVING).state());

        evolving.update(Files.newInputStream(Path.of(System.getProperty(EVOLVING + ".2"))));
        assertEquals(PluginStatus.State.RUNNING, statusOf(EVOLVING).state());
        Database database = PluginBundles.database(evolving);
        // "not ready yet, try again later" is the service's answer while the update's migration runs (a full run once
        // saw the status RUNNING and the next statement refused so): asked again until the deadline, as a plugin would
        Database updated = database;
        List<Map<String, Object>> applied = Await.value(Duration.ofSeconds(30), "the updated plugin's history", () -> {
            try {
                return updated.query("SELECT version FROM flyway_history WHERE success ORDER BY installed_rank");
            } catch (DatabaseException e) {
                if (e.notReady()) {
                    return null;
                }
                throw e;
            }
        });
        assertEquals(List.of(Map.of("version", "1"), Map.of("version", "2")), applied);

        evolving.stop();
        evolving.start();
        assertEquals(PluginStatus.State.RUNNING, statusOf(EVOLVING).state());
        database = PluginBundles.database(evolving);
        database.execute("INSERT INTO items (name, price) VALUES (?, ?)", "tea", 2);
        assertEquals(
                1L, database.query("SELECT count(*) AS n FROM items").get(0).get("n"));

        evolving.update(Files.newInputStream(Path.of(System.getProperty(EVOLVING + ".edited"))));
        PluginStatus edited = statusOf(EVOLVING);
        assertEquals(PluginStatus.State.FAILED, edited.state());
        assertTrue(edited.lastError().orElse(""), edited.lastError().orElse("").contains("checksum"));
        assertEquals(1L, databaseOf(NOTES).query("SELECT 1 AS one").get(0).get("one"));
    }

    @Test
    public void hostileStringsAreStoredAndReadBackVerbatimThroughTheBus() throws Exception {
        exec("CREATE TABLE IF NOT EXISTS lines (id serial PRIMARY KEY, line text)");
        List<String> hostile = List.of(
                "it's \"quoted\" \\ backslashed",
                "'; DROP TABLE lines; --",
                "Robert'); DROP TABLE students;--",
                "x".repeat(10 * 1024),
                "emoji 😀👍🏽 and 中文 and \u202Eright-to-left",
                "<script>alert('&amp;')</script>");
        for (String line : hostile) {
            exec("INSERT INTO lines (line) VALUES (?)", line);
        }
        Event reply = bus.request(SqlStatement.QUERY, new SqlStatement("SELECT line FROM lines ORDER BY id"))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        SqlResult result = reply.payload(SqlResult.class);
        assertEquals(hostile.size(), result.rowCount());
        for (int i = 0; i < hostile.size(); i++) {
            assertEquals(hostile.get(i), result.rows().get(i).get("line"));
        }
    }

    @Test
    public void aNulCharacterIsRefusedWithAClearErrorAndTheServiceCarriesOn() throws Exception {
        exec("CREATE TABLE IF NOT EXISTS nul (line text)");
        try {
            exec("INSERT INTO nul (line) VALUES (?)", "before\u0000after");
            fail("PostgreSQL text cannot hold NUL; the request should fail");
        } catch (java.util.concurrent.ExecutionException e) {
            assertNotNull(e.getCause().getMessage());
            assertFalse(e.getCause().getMessage().isBlank());
        }
        assertEquals(1L, exec("INSERT INTO nul (line) VALUES (?)", "fine"));
    }

    private long exec(String sql, Object... parameters) throws Exception {
        Event reply = bus.request(SqlStatement.EXEC, new SqlStatement(sql, parameters))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        return reply.payload(SqlResult.class).rowCount();
    }
}
