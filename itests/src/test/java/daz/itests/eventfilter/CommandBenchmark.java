package daz.itests.eventfilter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.itests.FirstAnswer;
import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import daz.itests.TestBundles;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.Json;
import daz.itests.cytube.LogEntry;
import daz.itests.cytube.LogQuery;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import daz.itests.eventfilter.bench.BenchCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/**
 * {@code itests/benchmarks/run command}: the unpacked runtime, as an operator runs it ({@code bin/daz --headless}
 * with its shipped JVM options and configuration, a real PostgreSQL), in a channel of the CyTube stand-in, with a
 * {@code !bench} plugin dropped into {@code deploy/}.
 *
 * <ul>
 *   <li>{@code start_ms}: from launching {@code bin/daz} to a stand-in user receiving the bot's answer to the
 *       first command; the user sends {@code !bench} every 110 ms from the launch on (as often as CyTube lets a
 *       user chat), so the figure is at most that late. Measured on the second launch of the unpacked runtime: the
 *       first one (also printed) fills the framework cache and writes the class-data archive when it stops.
 *   <li>Latency: a user sends {@code !bench <i>} every 150 ms (past the bot's own pacer, 10 lines/s and a margin,
 *       whose waiting is not latency); from the user receiving its own line back to receiving {@code pong <i>}, both stamped by the
 *       stand-in's client (one clock). In the same run and the same way, another user's {@code !echo <i>} answered
 *       by an echo peer inside the stand-in (no bot): the same two hops through the server without the bot. The
 *       two kinds of line go half a period apart.
 *   <li>{@code rss_mb}: the runtime JVM's resident memory after the run, every bundle active.
 * </ul>
 *
 * Writes {@code target/benchmarks/command.txt}; its last line is
 * {@code command: p50_ms p99_ms added_p99_ms rss_mb start_ms}.
 */
public class CommandBenchmark {

    private static final Duration ANSWER = Duration.ofSeconds(30);
    /** Past the bot's own pacer (10 lines/s and a 15 % margin after the burst): its waiting is not latency. */
    private static final long PERIOD_MS = 150;

    private final RuntimeProcess runtime = RuntimeProcess.unpack(CommandBenchmark.class);
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    private CytubeStandin standin;

    @After
    public void tearDown() {
        sender.shutdownNow();
        runtime.close();
        if (standin != null) {
            standin.close();
        }
    }

    @Test
    public void commandLatency() throws Exception {
        int count = Integer.getInteger("bench.commands", 1_000);
        String loginDelay = System.getProperty("bench.login.delay.ms", "");
        standin = CytubeStandin.start();
        standin.createChannel(ChannelConfig.registered("bench").account("dazbot", "bench-pw", 2));
        runtime.configure("daz.sql", "url = " + IntegrationDatabase.createFor(getClass()));
        List<String> channel = new ArrayList<>(
                List.of("server = " + standin.baseUrl(), "channel = bench", "user = dazbot", "password = bench-pw"));
        if (!loginDelay.isBlank()) {
            channel.add("login.delay.ms = " + loginDelay);
        }
        runtime.configure("daz.core.channel-bench", channel.toArray(String[]::new));
        runtime.configure("daz.eventfilter", "spam.commands = 1000000");
        TestBundles.build(
                runtime.home().resolve("deploy"),
                "daz.itests.bench",
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                BenchCommand.class);

        User client = standin.user("bench", "client");
        User other = standin.user("bench", "other");
        standin.user(Json.obj("channel", "bench", "name", "echo", "echo", "!echo "));

        // start: process launch -> first answer, the user asking as often as CyTube lets it (10 lines/s). The first
        // launch of the unpacked runtime fills its framework cache and writes its class-data archive when it stops;
        // the second is what an operator sees at every later start, and the latency run uses it.
        RuntimeProcess.Run first = runtime.launch("bench-first.log");
        long firstStartMs = FirstAnswer.of(sender, client, "dazbot", first, "f");
        first.stop();
        RuntimeProcess.Run run = runtime.launch("bench.log");
        long startMs = FirstAnswer.of(sender, client, "dazbot", run, "s");
        long cooldownsBefore = cooldowns();

        // latency: the bot and, in the same run, the echo peer
        long logFrom = standin.logCursor();
        long latencyFrom = client.cursor();
        long echoFrom = other.cursor();
        // the bot's commands and the echo peer's lines half a period apart, so that neither waits for the other in
        // the stand-in's event loop; with a fixed delay, not a fixed rate: a sender held up (a loaded machine) must
        // not catch up with lines closer together than CyTube's limiter lets a user chat, or it drops one
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger echoed = new AtomicInteger();
        ScheduledFuture<?> commands = sender.scheduleWithFixedDelay(
                () -> {
                    int i = sent.getAndIncrement();
                    if (i < count) {
                        client.chat("!bench " + i);
                    }
                },
                PERIOD_MS, // the user's last line of the start was just now: CyTube's limiter wants 100 ms
                PERIOD_MS,
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> echoes = sender.scheduleWithFixedDelay(
                () -> {
                    int i = echoed.getAndIncrement();
                    if (i < count) {
                        other.chat("!echo " + i);
                    }
                },
                PERIOD_MS + PERIOD_MS / 2,
                PERIOD_MS,
                TimeUnit.MILLISECONDS);
        client.awaitMessage(
                latencyFrom,
                r -> isBot(r) && ("pong " + (count - 1)).equals(r.msg()),
                ANSWER.plusMillis(count * PERIOD_MS));
        other.awaitMessage(echoFrom, r -> r.isChat("echo", "echo " + (count - 1)), ANSWER);
        commands.cancel(false);
        echoes.cancel(false);
        long rssMb = run.rssMb();

        List<Long> bot = latencies(client, latencyFrom, "client", "!bench ", "dazbot", "pong ", count);
        List<Long> echo = latencies(other, echoFrom, "other", "!echo ", "echo", "echo ", count);
        List<Long> inside = botSide(logFrom, count);
        long cooldownsAfter = cooldowns();
        run.stop();

        long p50 = percentile(bot, 50);
        long p99 = percentile(bot, 99);
        long echo99 = percentile(echo, 99);
        List<String> lines = List.of(
                "commands=" + count + " period_ms=" + PERIOD_MS + " bot_p50_ms=" + ms(p50) + " bot_p90_ms="
                        + ms(percentile(bot, 90)) + " bot_p99_ms=" + ms(p99) + " bot_max_ms="
                        + ms(Collections.max(bot)),
                "echo_p50_ms=" + ms(percentile(echo, 50)) + " echo_p90_ms=" + ms(percentile(echo, 90)) + " echo_p99_ms="
                        + ms(echo99) + " echo_max_ms=" + ms(Collections.max(echo)),
                "second half only (commands " + count / 2 + " on, after the JIT warm-up): bot_p99_ms="
                        + ms(percentile(bot.subList(count / 2, count), 99)) + " echo_p99_ms="
                        + ms(percentile(echo.subList(count / 2, count), 99)) + " added_p99_ms="
                        + ms(percentile(bot.subList(count / 2, count), 99)
                                - percentile(echo.subList(count / 2, count), 99)),
                "at the server (its log has whole milliseconds), from sending the bot the line to receiving its reply:"
                        + " p50_ms=" + percentile(inside, 50) + " p99_ms=" + percentile(inside, 99) + " max_ms="
                        + Collections.max(inside),
                "cooldowns sent to the bot during the latency run: " + (cooldownsAfter - cooldownsBefore),
                "start: first launch of the unpacked runtime (empty framework cache, no class-data archive) "
                        + firstStartMs + " ms; second launch (start_ms) " + startMs + " ms; login.delay.ms="
                        + (loginDelay.isBlank() ? "default" : loginDelay),
                "command: p50_ms=" + ms(p50) + " p99_ms=" + ms(p99) + " added_p99_ms=" + ms(p99 - echo99) + " rss_mb="
                        + rssMb + " start_ms=" + startMs);
        write(lines);
        lines.forEach(System.out::println);
        assertEquals("the bot was never throttled", cooldownsBefore, cooldownsAfter);
    }

    /** Microseconds as milliseconds with one decimal. */
    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /**
     * For each i: the time (µs) from {@code user} receiving its own {@code <ask>i} back to receiving {@code <answer>i}
     * from {@code answerer}.
     */
    private static List<Long> latencies(
            User user, long since, String asker, String ask, String answerer, String answer, int count) {
        Map<String, Long> asked = new HashMap<>();
        Map<String, Long> answered = new HashMap<>();
        for (Received r : user.received("chatMsg")) {
            if (r.index() < since) {
                continue;
            }
            if (asker.equals(r.username()) && r.msg().startsWith(ask)) {
                asked.putIfAbsent(r.msg().substring(ask.length()), r.micros());
            } else if (answerer.equals(r.username()) && r.msg().startsWith(answer)) {
                answered.putIfAbsent(r.msg().substring(answer.length()), r.micros());
            }
        }
        List<Long> out = new ArrayList<>();
        List<String> samples = new ArrayList<>(List.of("i,asked_epoch_us,latency_us"));
        for (int i = 0; i < count; i++) {
            Long from = asked.get(Integer.toString(i));
            Long to = answered.get(Integer.toString(i));
            assertTrue(
                    answerer + " answered " + ask + i + " (seen asked at " + from + ", answered at " + to + ")",
                    from != null && to != null);
            out.add(to - from);
            samples.add(i + "," + from + "," + (to - from));
        }
        // every sample, for a look at the tail (when the slow ones came)
        write("command-" + answerer + ".csv", samples);
        return out;
    }

    /**
     * The bot's share as the stand-in's traffic log sees it: for each i, from the server sending the bot
     * {@code !bench i} to the server receiving {@code pong i} from it (loopback TCP both ways and the bot's work).
     */
    private List<Long> botSide(long from, int count) {
        Map<String, Long> sent = new HashMap<>();
        Map<String, Long> answered = new HashMap<>();
        long since = from;
        while (true) {
            List<LogEntry> page = standin.log(
                    LogQuery.all().notSimulated().event("chatMsg").since(since).limit(5_000));
            if (page.isEmpty()) {
                break;
            }
            for (LogEntry e : page) {
                String msg = e.string("msg");
                if (msg == null) {
                    continue;
                }
                if ("out".equals(e.dir()) && msg.startsWith("!bench ")) {
                    sent.putIfAbsent(msg.substring("!bench ".length()), e.time());
                } else if ("in".equals(e.dir()) && msg.startsWith("pong ")) {
                    answered.putIfAbsent(msg.substring("pong ".length()), e.time());
                }
            }
            since = page.get(page.size() - 1).index() + 1;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long at = sent.get(Integer.toString(i));
            Long back = answered.get(Integer.toString(i));
            assertTrue(
                    "the server saw !bench " + i + " go to the bot and its answer come back",
                    at != null && back != null);
            out.add(back - at);
        }
        return out;
    }

    private static boolean isBot(Received r) {
        return r.is("chatMsg") && "dazbot".equals(r.username());
    }

    /** {@code cooldown} events the stand-in sent to the bot so far. */
    private long cooldowns() {
        return standin.count(LogQuery.out().event("cooldown").notSimulated());
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void write(List<String> lines) {
        write("command.txt", lines);
    }

    private static void write(String name, List<String> lines) {
        Path report = Path.of("target/benchmarks", name);
        try {
            Files.createDirectories(report.getParent());
            Files.write(report, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
