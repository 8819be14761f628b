package daz.itests.sql.logger;

import static org.junit.Assert.assertFalse;

import daz.api.bus.EventBus;
import daz.api.cytube.CytubeEvent;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.RuntimeProcess;
import daz.itests.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the SQL logger ITs share: the class's database configured with a password (which no log line may show),
 * publishing CyTube events, reading the chat log back over JDBC, and {@code daz:journal} from the shell.
 *
 * <p>The pool is configured through ConfigAdmin, and again if it lost its configuration: in about one start in
 * five, FileInstall wrote the {@code etc/daz.sql.cfg} it had just loaded back as an empty file a moment after the
 * framework started, leaving daz.sql without a database.
 */
public abstract class LoggerTestSupport extends DazTestSupport {

    /** Configured for the pool; trust authentication ignores it, but it must never reach a log line. */
    static final String PASSWORD = "Daz-IT-s3cret-Pa55word";

    private static final Pattern APPENDED = Pattern.compile("Appended\\s+position (\\d+)");
    private static final Pattern COMMITTED = Pattern.compile("Committed\\s+position (\\d+)");

    @Inject
    protected EventBus bus;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Override
    protected Option[] testOptions() {
        // a fresh database gets a fresh journal too: what an earlier run journaled is not this run's
        RuntimeProcess.deleteTree(workDirectory(getClass()).resolve("data/journal"));
        // the journal writer retries soon after a database outage (etc/daz.sql.writer.cfg)
        writeConfiguration(workDirectory(getClass()), "daz.sql.writer", "retry.max.ms = 2000");
        return new Option[0];
    }

    /**
     * Points the pool at {@code url}, with the password and a short connection timeout, through ConfigAdmin (which
     * FileInstall writes back to etc/daz.sql.cfg) unless it is so configured already.
     */
    protected void configurePool(String url) {
        try {
            org.osgi.service.cm.Configuration pool = configAdmin.getConfiguration("daz.sql", "?");
            Dictionary<String, Object> current = pool.getProperties();
            if (current != null && url.equals(current.get("url")) && PASSWORD.equals(current.get(".password"))) {
                return;
            }
            Dictionary<String, Object> wanted = new Hashtable<>();
            if (current != null) { // keeps felix.fileinstall.filename: FileInstall then writes the file to match
                for (String key : java.util.Collections.list(current.keys())) {
                    wanted.put(key, current.get(key));
                }
            }
            wanted.put("url", url);
            wanted.put(".password", PASSWORD);
            wanted.put("connection.timeout.ms", "3000");
            pool.update(wanted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the logger is subscribed and its writer connected: a probe line, published again until the
     * journal takes it, is in chat_log. Events published before the logger is there are not its to keep.
     */
    @Before
    public void awaitLoggerListening() {
        Await.until(Duration.ofSeconds(60), "the SQL logger journaling and writing", () -> {
            configurePool(databaseUrl()); // again while waiting: see the class comment
            chat("probe", "probe", "is the logger listening?", 1, false);
            return count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'probe'") == 1;
        });
    }

    protected void publish(String channel, String name, String raw, boolean replayed) {
        bus.publish(
                "cytube.event." + name,
                new CytubeEvent(channel, name, raw, System.currentTimeMillis(), replayed, Optional.empty()));
    }

    protected void chat(String channel, String user, String msg, long time, boolean replayed) {
        publish(channel, "chatMsg", chatRaw(user, msg, time), replayed);
    }

    static String chatRaw(String username, String msg, long time) {
        return "{\"username\":" + json(username) + ",\"msg\":" + json(msg) + ",\"meta\":{},\"time\":" + time + "}";
    }

    /** A JSON string literal as a JSON encoder writes it: control characters as \\u escapes. */
    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** What {@code daz:journal} prints. */
    protected String journalStatus() {
        return shellOutput("daz:journal");
    }

    /** What a shell command prints (its result), or why it failed. */
    protected String shellOutput(String command) {
        try {
            return shell(command);
        } catch (Exception e) {
            return command + " failed: " + e;
        }
    }

    /** Waits until everything appended to the journal is committed in PostgreSQL. */
    protected void awaitJournalDrained(Duration timeout) {
        Await.until(timeout, "the journal written to PostgreSQL", () -> {
            String status = journalStatus();
            Matcher appended = APPENDED.matcher(status);
            Matcher committed = COMMITTED.matcher(status);
            return appended.find() && committed.find() && appended.group(1).equals(committed.group(1));
        });
    }

    /** Waits until the query counts {@code expected}; on time-out says what it counted and how the journal stands. */
    protected void awaitCount(Duration timeout, String sql, long expected) {
        try {
            Await.until(timeout, expected + " from " + sql, () -> count(sql) == expected);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; counted " + count(sql) + "; daz:journal says:\n" + journalStatus(), e);
        }
    }

    protected Connection database() throws SQLException {
        return TestDatabase.ofThisClass().connect();
    }

    /** The first column of the query's first row in this class's database; -1 while there is none. */
    protected long count(String sql) {
        return TestDatabase.ofThisClass().count(sql);
    }

    /** No log file of this class (nor the test output) contains the configured password. */
    protected void assertPasswordLoggedNowhere() {
        Path logs = workDirectory(getClass()).resolve("data/log");
        Path reports = Path.of("target/failsafe-reports");
        for (Path folder : List.of(logs, reports)) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertFalse("the password is in " + file, text.contains(PASSWORD));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
