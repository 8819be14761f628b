package daz.itests.sql.logger;

import daz.api.cytube.CytubeEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.postgresql.PGConnection;

/**
 * {@code itests/benchmarks/run ingest}: chat lines from bus publish to committed rows, with the journal on
 * (synchronous append on the publisher's thread, group fsync, the writer's COPY batches), against a plain COPY of the
 * same rows into a table of the same shape, in the same run. Not part of the test suite (no *IT); results go to
 * {@code target/benchmarks/ingest.txt}, whose last line is {@code ingest: lines_per_s=<n> copy_ratio=<ours/COPY>}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IngestBenchmark extends LoggerTestSupport {

    private static final int LINES = Integer.getInteger("bench.lines", 200_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 50_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final long RECEIVED = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();

    @Test
    public void ingest() throws Exception {
        Path report = Path.of("target/benchmarks/ingest.txt");
        Files.createDirectories(report.getParent());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        out.printf(
                Locale.ROOT,
                "ingest: %,d chat lines per run, %d rounds, %d cores, journal group fsync (defaults)%n",
                LINES,
                ROUNDS,
                Runtime.getRuntime().availableProcessors());
        run("warmup", WARMUP); // JIT, pool, table and index pages
        // rounds alternate ours and COPY, and the medians are compared: a busy neighbour on the machine then
        // weighs on both sides alike
        double[] ours = new double[ROUNDS];
        double[] copies = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            Result result = run("bench" + round, LINES);
            ours[round] = result.rate();
            copies[round] = copyRate();
            out.printf(
                    Locale.ROOT,
                    "round %d: bus publish -> journal %,.0f lines/s; bus publish -> committed rows %,.0f lines/s"
                            + " (%d ms); plain COPY of the same rows into the same table shape %,.0f lines/s%n",
                    round + 1,
                    result.publishRate(),
                    result.rate(),
                    result.millis(),
                    copies[round]);
        }
        double median = median(ours);
        double copy = median(copies);
        out.printf(Locale.ROOT, "medians: ours %,.0f lines/s, COPY %,.0f lines/s%n", median, copy);
        out.printf(Locale.ROOT, "ingest: lines_per_s=%.0f copy_ratio=%.2f%n", median, median / copy);
        Files.write(report, buffer.toByteArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private record Result(long lines, long publishNanos, long totalNanos) {
        double publishRate() {
            return lines * 1e9 / publishNanos;
        }

        double rate() {
            return lines * 1e9 / totalNanos;
        }

        long millis() {
            return totalNanos / 1_000_000;
        }
    }

    private Result run(String channel, int lines) {
        CytubeEvent[] events = new CytubeEvent[lines];
        for (int i = 0; i < lines; i++) {
            events[i] = new CytubeEvent(channel, "chatMsg", raw(i), RECEIVED, false, Optional.empty());
        }
        long start = System.nanoTime();
        for (CytubeEvent event : events) {
            bus.publish("cytube.event.chatMsg", event);
        }
        long published = System.nanoTime();
        awaitJournalDrained(Duration.ofMinutes(10));
        long done = System.nanoTime();
        long stored = count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = '" + channel + "'");
        if (stored != lines) {
            throw new AssertionError(channel + ": " + stored + " rows stored of " + lines);
        }
        return new Result(lines, published - start, done - start);
    }

    private static String raw(int i) {
        return "{\"username\":\"user" + (i % 50) + "\",\"msg\":\"hello world, this is chat line number " + i
                + " with some text &amp; an entity\",\"meta\":{},\"time\":" + (1_795_421_649_575L + i) + "}";
    }

    /** COPY of the rows the logger made of those lines, into a fresh table shaped like chat_log. */
    private double copyRate() throws Exception {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        String receivedAt = Instant.ofEpochMilli(RECEIVED).toString();
        for (int i = 0; i < LINES; i++) {
            String msg = "hello world, this is chat line number " + i + " with some text &amp; an entity";
            String line = String.join(
                    "\t",
                    "copy",
                    Long.toString(1_795_421_649_575L + i),
                    "user" + (i % 50),
                    msg,
                    msg.replace("&amp;", "&"),
                    raw(i).replace("\\", "\\\\"),
                    receivedAt);
            rows.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] data = rows.toByteArray();
        try (Connection c = database();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench CASCADE");
            s.execute("CREATE SCHEMA bench");
            s.execute("CREATE TABLE bench.chat_log (LIKE daz_sql.chat_log INCLUDING ALL)");
            s.execute("CREATE SEQUENCE bench.chat_log_id OWNED BY bench.chat_log.id");
            s.execute("ALTER TABLE bench.chat_log ALTER id SET DEFAULT nextval('bench.chat_log_id')");
            long start = System.nanoTime();
            long copied = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY bench.chat_log (channel, time, username, msg, text, raw, received_at) FROM STDIN",
                            new ByteArrayInputStream(data));
            long nanos = System.nanoTime() - start;
            if (copied != LINES) {
                throw new AssertionError("COPY took " + copied + " rows of " + LINES);
            }
            return LINES * 1e9 / nanos;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
