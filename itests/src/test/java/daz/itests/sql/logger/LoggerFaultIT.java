package daz.itests.sql.logger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database link is cut for 60 seconds (by a proxy the test controls: refusing new connections and killing the
 * open ones) while 10,000 chat lines and 1,000 joins are published. After it is restored, every one of them is in
 * PostgreSQL exactly once. And a backlog replayed three times is stored once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoggerFaultIT extends LoggerTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LoggerFaultIT.class);
    private static final int LINES = 10_000;
    private static final int JOINS = 1_000;
    private static final Duration CUT = Duration.ofSeconds(Long.getLong("daz.fault.cut.seconds", 60));

    @Test
    public void tenThousandLinesPublishedWhileTheDatabaseIsCutAreAllStoredExactlyOnce() throws Exception {
        // the test's server, wherever it is (DAZ_TEST_JDBC_URL, 127.0.0.1:5432 or the embedded one)
        Matcher server = Pattern.compile("//([^:/]+):(\\d+)/").matcher(databaseUrl());
        assertTrue(databaseUrl(), server.find());
        try (TcpProxy proxy = new TcpProxy(server.group(1), Integer.parseInt(server.group(2)))) {
            // the pool goes through the proxy from now on (daz.sql migrated its schema directly at start)
            configurePool(databaseUrl().replace(server.group(), "//127.0.0.1:" + proxy.port() + "/"));
            Await.until(Duration.ofSeconds(60), "the pool connected through the proxy", () -> proxy.accepted() > 0);
            chat("warmup", "probe", "through the proxy", 1, false);
            Await.until(
                    Duration.ofSeconds(60),
                    "the warm-up line stored through the proxy",
                    () -> count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'warmup'") == 1);

            long cutAt = System.nanoTime();
            proxy.cut();
            long publishStart = System.nanoTime();
            for (int i = 0; i < LINES; i++) {
                chat("fault", "user" + (i % 37), "line " + i + " while the database is away", 1_000_000L + i, false);
                if (i % (LINES / JOINS) == 0) {
                    publish("fault", "addUser", "{\"name\":\"joiner" + i + "\",\"rank\":0}", false);
                }
            }
            long publishMillis = (System.nanoTime() - publishStart) / 1_000_000;

            Await.until(
                    Duration.ofSeconds(30),
                    "the writer to report the cut",
                    () -> journalStatus().contains("RETRYING"));
            // the cut lasts its full time, and nothing gets through meanwhile
            long cutEnd = cutAt + CUT.toNanos();
            while (System.nanoTime() < cutEnd) {
                assertEquals(0, count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'fault'"));
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
            String duringCut = journalStatus();

            proxy.restore();
            long restoredAt = System.nanoTime();
            Await.until(
                    Duration.ofSeconds(120),
                    "all lines and joins stored after the restore",
                    () -> count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'fault'") == LINES
                            && count("SELECT count(*) FROM daz_sql.user_activity WHERE channel = 'fault'") == JOINS);
            long drainMillis = (System.nanoTime() - restoredAt) / 1_000_000;
            awaitJournalDrained(Duration.ofSeconds(30));

            assertEquals(LINES, count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'fault'"));
            assertEquals(LINES, count("SELECT count(DISTINCT time) FROM daz_sql.chat_log WHERE channel = 'fault'"));
            // user_activity has no unique key: exactly once is the journal position's doing
            assertEquals(JOINS, count("SELECT count(*) FROM daz_sql.user_activity WHERE channel = 'fault'"));
            assertEquals(
                    JOINS,
                    count("SELECT count(DISTINCT username) FROM daz_sql.user_activity" + " WHERE channel = 'fault'"));
            LOG.info(
                    "Fault IT: {} lines and {} joins published in {} ms during a {} s cut; all stored {} ms after the"
                            + " restore. Journal during the cut:\n{}",
                    LINES,
                    JOINS,
                    publishMillis,
                    CUT.toSeconds(),
                    drainMillis,
                    duringCut);
            assertTrue(duringCut, duringCut.contains("Last error"));
        } finally {
            // the other test of this class talks to the database directly again
            configurePool(databaseUrl());
        }
        assertPasswordLoggedNowhere();
    }

    @Test
    public void theSameBacklogReplayedThreeTimesIsStoredOnce() {
        for (int replay = 0; replay < 3; replay++) {
            for (int i = 0; i < 15; i++) {
                chat("backlog", "regular" + (i % 4), "backlog line " + i, 2_000_000L + i, true);
            }
        }
        awaitJournalDrained(Duration.ofSeconds(60));
        assertEquals(15, count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'backlog'"));
    }
}
