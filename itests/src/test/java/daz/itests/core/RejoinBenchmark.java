package daz.itests.core;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import daz.api.cytube.ConnectionState.Phase;
import daz.itests.Await;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.ConnectionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code itests/benchmarks/run rejoin}: the bot in a channel of the CyTube stand-in (real Felix, real PostgreSQL, the
 * shipped reconnect settings) through outages of 1 s, 8 s and 30 s ({@code bench.rejoin.outages}, seconds, comma
 * separated), apart by the server's uptime until the bot's last new connection is 10 s old (CyTube's per-address
 * window: the next outage starts with its limit refilled, as after a server's ordinary uptime). Each sample is from the stand-in listening again to a user's receiving the bot's answer to
 * {@code !uptime} (see {@link OutageDrill}). Writes {@code target/benchmarks/rejoin.txt}, last line
 * {@code rejoin: outages=<n> p50_ms=<n> p95_ms=<n> max_connects_per_10s=<n>} (the most new socket.io connections of
 * the bot in any 10 s of the run, from the stand-in's connection log).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RejoinBenchmark extends CytubeITSupport {

    private static final Duration ANSWER = Duration.ofSeconds(60);
    /** CyTube's per-address window for new connections. */
    private static final Duration ADDRESS_WINDOW = Duration.ofSeconds(10);

    @Override
    protected Option[] testOptions() {
        return new Option[] {
            systemProperty("bench.rejoin.outages")
                    .value(System.getProperty("bench.rejoin.outages", "1,1,1,1,1,8,8,8,8,30,30"))
        };
    }

    @Test
    public void rejoin() throws IOException {
        standin.createChannel(ChannelConfig.registered("bench").account("dazbot", "pw", 1));
        configureChannel(
                "bench", "user = dazbot", "password = pw", "backoff.initial.ms = 1000", "backoff.max.ms = 120000");
        awaitPhase("bench", Phase.READY, Duration.ofSeconds(20));
        OutageDrill drill = new OutageDrill(standin, "bench", "dazbot");
        drill.answered(ANSWER);

        List<String> lines = new ArrayList<>();
        List<Long> samples = new ArrayList<>();
        for (String outage : System.getProperty("bench.rejoin.outages").split(",")) {
            Duration down = Duration.ofSeconds(Long.parseLong(outage.strip()));
            long took = drill.outage(down, ANSWER);
            samples.add(took);
            lines.add("outage " + down.toSeconds() + " s: answered " + took + " ms after the server was back");
            // up between outages, as a server is, until the bot's connections have left the per-address window
            drill.answered(ANSWER);
            Await.until(
                    ADDRESS_WINDOW.multipliedBy(3),
                    "the bot's last new connection " + ADDRESS_WINDOW.toSeconds() + " s old",
                    () -> System.currentTimeMillis() - lastOpen() >= ADDRESS_WINDOW.toMillis());
        }
        int maxConnects = standin.maxNewConnections(Duration.ofSeconds(10));
        lines.add(String.format(
                "rejoin: outages=%d p50_ms=%d p95_ms=%d max_connects_per_10s=%d",
                samples.size(), percentile(samples, 50), percentile(samples, 95), maxConnects));
        Path report = Path.of("target/benchmarks/rejoin.txt");
        try {
            Files.createDirectories(report.getParent());
            Files.write(report, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the bot last opened a connection to the stand-in (its clock: this machine's), in epoch ms. */
    private long lastOpen() {
        return standin.connections("open").stream()
                .filter(e -> !e.sim())
                .mapToLong(ConnectionEvent::time)
                .max()
                .orElse(0);
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
