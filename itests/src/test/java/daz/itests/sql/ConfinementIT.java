package daz.itests.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import daz.api.status.PluginStatus;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Real confinement: a plugin's statements run on a connection logged in as its own role, a member of no other role,
 * and every trick a hostile plugin can send to reach another plugin's table is refused by PostgreSQL itself; the log
 * names the plugin that tried.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfinementIT extends DazTestSupport {

    private static final String NOTES = "daz.plugin.notes";
    private static final String SNOOP = "daz.plugin.snoop";

    @Override
    protected Option[] testOptions() {
        return new Option[] {
            PluginBundles.withMigrations(
                    getClass(),
                    NOTES,
                    Map.of("V1__notes.sql", "CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL);")),
            PluginBundles.withMigrations(getClass(), SNOOP, Map.of("V1__snoop.sql", "CREATE TABLE loot (body text);"))
        };
    }

    @Test
    public void everyTrickToReachAnotherPluginsTableIsRefusedByPostgresql() throws Exception {
        Database notes = databaseOf(NOTES);
        notes.execute("INSERT INTO notes (body) VALUES (?)", "private");
        Database snoop = databaseOf(SNOOP);
        String victim = ownerOf("daz_notes");
        String thief = ownerOf("daz_snoop");
        String bot = adminQuery("SELECT current_user");

        // each plugin is logged in as its own role, which PostgreSQL lets reach nothing else
        assertEquals(
                List.of(Map.of("s", thief, "c", thief)), snoop.query("SELECT session_user AS s, current_user AS c"));
        assertNotEquals(victim, thief);
        assertEquals("0", adminQuery("SELECT count(*) FROM pg_auth_members WHERE member = '" + thief + "'::regrole"));
        assertEquals(
                "false",
                adminQuery("SELECT rolsuper OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = '" + thief
                        + "'"));

        List<String> tricks = List.of(
                "SELECT * FROM daz_notes.notes",
                "INSERT INTO daz_notes.notes (body) VALUES ('forged')",
                "DROP TABLE daz_notes.notes",
                "RESET ROLE; INSERT INTO daz_notes.notes (body) VALUES ('forged')",
                "SET ROLE " + victim + "; INSERT INTO daz_notes.notes (body) VALUES ('forged')",
                "SET ROLE " + bot + "; INSERT INTO daz_notes.notes (body) VALUES ('forged')",
                "SET SESSION AUTHORIZATION " + bot + "; INSERT INTO daz_notes.notes (body) VALUES ('forged')",
                "SET search_path TO daz_notes, public; INSERT INTO notes (body) VALUES ('forged')",
                "DO $$ BEGIN EXECUTE 'UPDATE daz_notes.notes SET body = ''forged'''; END $$",
                "GRANT " + victim + " TO " + thief,
                "ALTER ROLE " + thief + " SUPERUSER",
                "SELECT daz_snoop.steal()");
        // a function of its own that runs as its definer: the definer is the thief itself
        snoop.execute("CREATE FUNCTION steal() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER AS"
                + " $$ BEGIN DELETE FROM daz_notes.notes; RETURN 1; END $$");
        List<String> refusals = new ArrayList<>();
        for (String trick : tricks) {
            try {
                snoop.execute(trick);
                fail("PostgreSQL let " + SNOOP + " run: " + trick);
            } catch (DatabaseException e) {
                refusals.add(trick + " -> " + e.sqlState() + " " + e.getMessage());
                if (!trick.contains("search_path")) {
                    // no schema on the path to look in: the name is unknown there (42P01), else a denial
                    assertEquals(trick + ": " + e.getMessage(), "42501", e.sqlState());
                }
            }
        }
        assertEquals(refusals.toString(), tricks.size(), refusals.size());
        assertEquals(
                "the victim's table is untouched",
                List.of(Map.of("body", "private")),
                notes.query("SELECT body FROM notes"));
        assertEquals("false", adminQuery("SELECT rolsuper FROM pg_roles WHERE rolname = '" + thief + "'"));

        // the log names the plugin that tried, once per refused statement
        Await.until(Duration.ofSeconds(10), "the refusals logged", () -> refusalLines() >= tricks.size() - 1);
    }

    @Test
    public void theBotsOwnSchemasAreClosedToPlugins() throws Exception {
        Database snoop = databaseOf(SNOOP);
        new PluginBundles(context).awaitState("daz.sql", PluginStatus.State.RUNNING, Duration.ofSeconds(30));
        for (String trick : List.of("SELECT * FROM daz_sql.chat_log", "DELETE FROM daz_sql.log_rejects")) {
            try {
                snoop.execute(trick);
                fail("PostgreSQL let " + SNOOP + " run: " + trick);
            } catch (DatabaseException e) {
                assertEquals(trick + ": " + e.getMessage(), "42501", e.sqlState());
            }
        }
    }

    private long refusalLines() {
        try {
            return Files.readAllLines(workDirectory(getClass()).resolve("data/log/daz.log")).stream()
                    .filter(l -> l.contains("Plugin " + SNOOP + " was refused by PostgreSQL"))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    private String ownerOf(String schema) throws SQLException {
        return adminQuery("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = '" + schema + "'");
    }

    private String adminQuery(String sql) throws SQLException {
        Object value = TestDatabase.ofThisClass().value(sql);
        assertTrue(sql, value != null);
        return value.toString();
    }

    private Database databaseOf(String symbolicName) throws Exception {
        Database database = new PluginBundles(context).databaseOf(symbolicName);
        assertEquals(
                PluginStatus.State.RUNNING, health(symbolicName).orElseThrow().state());
        return database;
    }

    private java.util.Optional<PluginStatus> health(String symbolicName) {
        return new PluginBundles(context).health(symbolicName);
    }
}
