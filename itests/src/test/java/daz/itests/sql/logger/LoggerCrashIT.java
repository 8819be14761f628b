package daz.itests.sql.logger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import daz.itests.TestBundles;
import daz.itests.TestDatabase;
import daz.itests.sql.logger.flood.ChatFlood;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpacked runtime, as an operator runs it, is killed with SIGKILL while chat lines flow into the SQL logger;
 * after a restart every line the logger had accepted is in PostgreSQL exactly once. The lines come from a bundle
 * dropped into deploy/ ({@link ChatFlood}) that counts what the logger accepted. Afterwards no log of either run
 * holds the configured password.
 */
public class LoggerCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(LoggerCrashIT.class);

    private final RuntimeProcess runtime = RuntimeProcess.unpack(LoggerCrashIT.class);
    private final Path home = runtime.home();
    private String url;

    @After
    public void killLeftovers() {
        runtime.close();
    }

    @Test
    public void everyEventTheLoggerAcceptedBeforeASigkillIsStoredExactlyOnceAfterARestart() throws Exception {
        url = IntegrationDatabase.createFor(getClass());
        runtime.configure(
                "daz.sql", "url = " + url, "password = " + LoggerTestSupport.PASSWORD, "connection.timeout.ms = 3000");
        runtime.configure("daz.sql.writer", "retry.max.ms = 2000");
        TestBundles.build(
                home.resolve("deploy"),
                "daz.itests.flood",
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                ChatFlood.class);
        Path flood = home.resolve("data/flood");
        Files.createDirectories(flood);
        Files.writeString(flood.resolve("publish"), "publish while this file exists\n");

        RuntimeProcess.Run first = runtime.start("run-1.log");
        Await.until(
                Duration.ofSeconds(60),
                "lines accepted and written while the runtime runs",
                () -> accepted(flood) >= 5_000 && count("SELECT count(*) FROM daz_sql.chat_log") > 0);
        first.kill(); // SIGKILL
        long accepted = accepted(flood);
        long storedAtKill = count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash'");
        Files.delete(flood.resolve("publish"));

        RuntimeProcess.Run second = runtime.start("run-2.log");
        Await.until(
                Duration.ofSeconds(60),
                "every accepted line stored after the restart",
                () -> count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash' AND time <= " + accepted)
                        == accepted);
        // what the second run replayed is all written before looking for duplicates
        Await.until(Duration.ofSeconds(30), "the journal drained", this::journalCaughtUp);

        assertEquals(
                "each line once",
                count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash'"),
                count("SELECT count(DISTINCT time) FROM daz_sql.chat_log WHERE channel = 'crash'"));
        // user_activity has no unique key: a join written twice would show here
        assertEquals(
                "each join once",
                count("SELECT count(*) FROM daz_sql.user_activity WHERE channel = 'crash'"),
                count("SELECT count(DISTINCT username) FROM daz_sql.user_activity WHERE channel = 'crash'"));
        assertEquals(
                "every accepted join",
                accepted / 10,
                count("SELECT count(*) FROM daz_sql.user_activity"
                        + " WHERE channel = 'crash' AND substring(username from 7)::bigint <= " + accepted));
        long beyond = count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash' AND time > " + accepted);
        assertTrue("at most the line in flight at the kill is beyond the count: " + beyond, beyond <= 1);

        second.stop(); // SIGTERM: the runtime stops cleanly
        LOG.info(
                "Crash IT: {} lines accepted before SIGKILL, {} of them stored before it, all {} after the restart",
                accepted,
                storedAtKill,
                accepted);
        for (Path log : runtime.logFiles()) {
            assertFalse("the password is in " + log, RuntimeProcess.read(log).contains(LoggerTestSupport.PASSWORD));
        }
    }

    /** True when the journal position PostgreSQL holds is the end of the runtime's journal on disk. */
    private boolean journalCaughtUp() {
        long committed = count("SELECT position FROM daz_sql.journal_position");
        long end = 0;
        try (Stream<Path> segments = Files.list(home.resolve("data/journal"))) {
            for (Path segment :
                    segments.filter(p -> p.toString().endsWith(".seg")).toList()) {
                String name = segment.getFileName().toString();
                end = Math.max(end, Long.parseLong(name.substring(0, name.length() - 4)) + Files.size(segment));
            }
        } catch (IOException e) {
            return false;
        }
        return committed == end;
    }

    private static long accepted(Path flood) {
        String text = RuntimeProcess.read(flood.resolve("accepted")).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    private long count(String sql) {
        return TestDatabase.at(url).count(sql); // -1: not migrated yet
    }
}
