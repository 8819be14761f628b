package daz.itests.sql.logger;

import static org.junit.Assert.assertEquals;

import daz.itests.Await;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The SQL logger is a durable handler ({@code daz.durable=daz.sql.logger}): updating {@code daz.sql} while chat lines
 * are published loses none of them, as the bus holds them for the new logger.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoggerUpdateIT extends LoggerTestSupport {

    private static final int UPDATES = 3;

    @Test
    public void updatingDazSqlWhileChatLinesArePublishedStoresEveryLine() throws Exception {
        Bundle sql = Arrays.stream(context.getBundles())
                .filter(b -> "daz.sql".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(
                () -> {
                    while (publishing.get()) {
                        int n = published.get();
                        chat("update", "user" + (n % 5), "line " + n, 1_000_000L + n, false);
                        published.incrementAndGet();
                        LockSupport.parkNanos(1_000_000);
                    }
                },
                "itest-chat");
        publisher.start();

        for (int i = 0; i < UPDATES; i++) {
            int before = published.get();
            Await.until(
                    Duration.ofSeconds(10), "lines published before update " + i, () -> published.get() > before + 50);
            sql.update();
            Await.until(Duration.ofSeconds(30), "daz.sql active again", () -> sql.getState() == Bundle.ACTIVE);
        }
        int before = published.get();
        Await.until(Duration.ofSeconds(10), "lines published after the updates", () -> published.get() > before + 50);
        publishing.set(false);
        publisher.join(10_000);

        long total = published.get();
        String query = "SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'update'";
        Await.until(Duration.ofSeconds(60), "all " + total + " lines stored (now " + count(query) + ")", () -> {
            configurePool(databaseUrl()); // as in awaitLoggerListening: the pool may have lost its configuration
            return count(query) >= total;
        });
        assertEquals("every line published across " + UPDATES + " updates of daz.sql, once", total, count(query));
    }
}
