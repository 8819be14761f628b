package daz.itests.benchmarks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import daz.itests.FirstAnswer;
import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import daz.itests.TestBundles;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * {@code itests/benchmarks/run footprint}: what the unpacked runtime costs, run as an operator runs it
 * ({@code bin/daz --headless}, its shipped JVM options and configuration) in a channel of the CyTube stand-in, with
 * a {@code !bench} plugin in {@code deploy/} and a real PostgreSQL (configured, so no embedded one is started: its
 * processes are not counted).
 *
 * <ul>
 *   <li>{@code first_answer_ms}: the first launch of a fresh copy of the runtime (empty framework cache, and no
 *       class-data archive unless the distribution carries one), from launching {@code bin/daz} to a stand-in user
 *       receiving the answer to {@code !bench}, asked every 110 ms from the launch on.
 *   <li>Printed before the last line: the first run is killed ({@code kill -9}) {@link #RUN_BEFORE_KILL} after its
 *       first answer and launched again, launch -> first answer; and the same launch with {@code DAZ_CDS=off}. The
 *       relaunched run stays up until the class-data archive it trains is written (at most {@link #TRAINING}), as an
 *       operator's run would.
 *   <li>{@code answer_ms}: the same, median of {@link #WARM} later launches (each stopped cleanly before the next),
 *       which map that archive; the report says for each launch whether it found one.
 *   <li>{@code rss_mb}: resident memory of the runtime's JVM after {@link #IDLE} idle in the channel, the last warm
 *       launch. The same window gives the CPU the runtime uses at rest, per thread.
 *   <li>{@code cpu_ms_per_line}: CPU time of the JVM (utime + stime from {@code /proc/<pid>/stat}) over
 *       {@link #LOAD} of chat at {@link #LINES_PER_SECOND} lines/s from {@link #CHATTERS} users, one line in
 *       {@link #COMMAND_EVERY} a command, divided by the lines sent: the first minute of chat after the idle window,
 *       with the compiler's work on the chat path in it. Printed before the last line: the same chat going on for
 *       {@link #STEADY} more, the cost once that work is done, per line and per thread.
 *   <li>{@code threads}: the JVM's threads after the idle window.
 * </ul>
 *
 * Writes {@code target/benchmarks/footprint.txt}; its last line is
 * {@code footprint: answer_ms first_answer_ms rss_mb cpu_ms_per_line threads}.
 */
public class FootprintBenchmark {

    private static final int WARM = Integer.getInteger("bench.warm.launches", 5);
    private static final Duration IDLE = Duration.ofSeconds(Integer.getInteger("bench.idle.seconds", 60));
    private static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("bench.load.seconds", 60));
    private static final Duration STEADY = Duration.ofSeconds(Integer.getInteger("bench.steady.seconds", 60));
    private static final int LINES_PER_SECOND = 20;
    private static final int COMMAND_EVERY = 20;
    /**
     * Users the chat comes from (CyTube drops a user's line within 100 ms of their last once their burst is used):
     * the first asks the commands, one a second; the others say about two lines a second each, so that a stalled
     * sender catching up does not get them throttled.
     */
    private static final int CHATTERS = 10;

    /** How long the first run is up (after its first answer) before it is killed. */
    private static final Duration RUN_BEFORE_KILL = Duration.ofSeconds(10);

    private static final Duration ANSWER = Duration.ofSeconds(30);

    /** How long a run may take to have its class-data archive written (the launcher gives its training 120 s). */
    private static final Duration TRAINING = Duration.ofSeconds(180);

    private final RuntimeProcess runtime = RuntimeProcess.unpack(FootprintBenchmark.class);
    private final ScheduledExecutorService sender = Executors.newScheduledThreadPool(2);
    private final List<String> report = new ArrayList<>();
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
    public void footprint() throws Exception {
        // a launch measures the start, not CyTube's per-address limit on new connections (5 in a burst, then one per
        // 11 s), which this many launches in a row would meet
        standin = CytubeStandin.start("--conn-burst", "50");
        standin.createChannel(ChannelConfig.registered("bench").account("dazbot", "bench-pw", 2));
        runtime.configure("daz.sql", "url = " + IntegrationDatabase.createFor(getClass()));
        runtime.configure(
                "daz.core.channel-bench",
                "server = " + standin.baseUrl(),
                "channel = bench",
                "user = dazbot",
                "password = bench-pw");
        runtime.configure("daz.eventfilter", "spam.commands = 1000000");
        TestBundles.build(
                runtime.home().resolve("deploy"),
                "daz.itests.bench",
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                BenchCommand.class);
        List<User> chatters = new ArrayList<>();
        for (int i = 0; i < CHATTERS; i++) {
            chatters.add(standin.user("bench", "chatter" + i));
        }
        User asker = chatters.get(0);

        RuntimeProcess.Run first = runtime.launch("footprint-first.log");
        boolean firstArchive = hasArchive();
        long firstAnswerMs = FirstAnswer.of(sender, asker, "dazbot", first, "f");
        say("first launch of a fresh copy: launch -> first answer " + firstAnswerMs + " ms"
                + archiveNote(firstArchive));

        // a crash: the first run, up for a little while, is killed (kill -9: no clean stop), and launched again at
        // once; for comparison, the same launch without a class-data archive (what a killed run left before the
        // launcher wrote the archive while running)
        sender.schedule(() -> null, RUN_BEFORE_KILL.toMillis(), TimeUnit.MILLISECONDS)
                .get();
        first.kill();
        RuntimeProcess.Run noArchive = runtime.launch("footprint-no-archive.log", Map.of("DAZ_CDS", "off"));
        long noArchiveMs = FirstAnswer.of(sender, asker, "dazbot", noArchive, "n");
        noArchive.kill();
        boolean afterKillArchive = hasArchive();
        RuntimeProcess.Run afterKill = runtime.launch("footprint-after-kill.log");
        long afterKillMs = FirstAnswer.of(sender, asker, "dazbot", afterKill, "k");
        // an operator's warm start maps the archive a run trains beside it: this run stays up until it is written
        // (a run stopped earlier ends its training too, and the warm launches would all start without one)
        long archiveWaitMs = awaitArchive(afterKill);
        afterKill.stop();
        say("after kill -9 of a run up " + RUN_BEFORE_KILL.toSeconds() + " s: launch -> first answer " + afterKillMs
                + " ms" + archiveNote(afterKillArchive) + " (the same launch with no class-data archive, DAZ_CDS=off: "
                + noArchiveMs + " ms); class-data archive there " + archiveWaitMs + " ms after its first answer");

        List<Long> warm = new ArrayList<>();
        List<Boolean> warmArchives = new ArrayList<>();
        RuntimeProcess.Run run = null;
        for (int i = 1; i <= WARM; i++) {
            if (run != null) {
                run.stop();
            }
            warmArchives.add(hasArchive());
            run = runtime.launch("footprint-" + i + ".log");
            warm.add(FirstAnswer.of(sender, asker, "dazbot", run, "w" + i));
        }
        long answerMs = median(warm);
        say("warm launches: launch -> first answer " + warm + " ms, median " + answerMs + " ms; with a class-data"
                + " archive: " + warmArchives);

        ProcStat process = new ProcStat(run.pid());
        long idleFrom = process.cpuMillis();
        Map<Long, Map.Entry<String, Long>> idleThreadsFrom = process.threadCpuMillis();
        sender.schedule(() -> null, IDLE.toMillis(), TimeUnit.MILLISECONDS).get();
        long idleCpuMs = process.cpuMillis() - idleFrom;
        long rssMb = process.rssMb();
        long threads = process.threads();
        say("after " + IDLE.toSeconds() + " s idle: rss_mb=" + rssMb + " threads=" + threads + " cpu_ms=" + idleCpuMs
                + " (" + idleCpuMs * 60 / IDLE.toSeconds() + " ms per minute at rest)");
        say("  CPU at rest by thread (ms): " + busiest(idleThreadsFrom, process.threadCpuMillis()));
        say("  threads: " + names(process.threadCpuMillis()));

        long loadFrom = process.cpuMillis();
        Map<Long, Map.Entry<String, Long>> loadThreadsFrom = process.threadCpuMillis();
        long answersFrom = asker.cursor();
        long logFrom = standin.logCursor();
        int firstLines = (int) (LOAD.toSeconds() * LINES_PER_SECOND);
        int lines = (int) ((LOAD.toSeconds() + STEADY.toSeconds()) * LINES_PER_SECOND);
        AtomicInteger sent = new AtomicInteger();
        ScheduledFuture<?> chat = sender.scheduleAtFixedRate(
                () -> {
                    int i = sent.getAndIncrement();
                    if (i < lines) {
                        if (i % COMMAND_EVERY == 0) {
                            asker.chat("!bench L" + i);
                        } else {
                            chatters.get(1 + i % (CHATTERS - 1))
                                    .chat("line " + i + " of the footprint benchmark's chat");
                        }
                    }
                },
                0,
                1000 / LINES_PER_SECOND,
                TimeUnit.MILLISECONDS);
        sender.schedule(() -> null, LOAD.toMillis(), TimeUnit.MILLISECONDS).get();
        long steadyFrom = process.cpuMillis();
        int sentInLoad = Math.min(firstLines, sent.get());
        Map<Long, Map.Entry<String, Long>> loadThreadsTo = process.threadCpuMillis();
        long loadCpuMs = steadyFrom - loadFrom;
        sender.schedule(() -> null, STEADY.toMillis(), TimeUnit.MILLISECONDS).get();
        long steadyCpuMs = process.cpuMillis() - steadyFrom;
        int sentInSteady = Math.min(lines, sent.get()) - sentInLoad;
        Map<Long, Map.Entry<String, Long>> steadyThreadsTo = process.threadCpuMillis();
        chat.cancel(false);
        int commands = (lines + COMMAND_EVERY - 1) / COMMAND_EVERY;
        String last = "pong L" + (commands - 1) * COMMAND_EVERY;
        asker.awaitMessage(answersFrom, r -> isBot(r) && last.equals(r.msg()), ANSWER);
        long answered = asker.received("chatMsg").stream()
                .filter(r -> r.index() >= answersFrom && isBot(r) && r.msg().startsWith("pong L"))
                .count();
        long rssAfterLoadMb = process.rssMb();
        List<String> throttled = standin.log(LogQuery.out().event("cooldown").since(logFrom)).stream()
                .map(e -> e.name())
                .toList();
        run.stop();

        double perLine = (double) loadCpuMs / sentInLoad;
        say(String.format(
                java.util.Locale.ROOT,
                "%d s at %d lines/s (%d sent, one in %d a command): cpu_ms=%d (%.1f %% of a core), %.2f ms per line",
                LOAD.toSeconds(),
                LINES_PER_SECOND,
                sentInLoad,
                COMMAND_EVERY,
                loadCpuMs,
                loadCpuMs * 100.0 / LOAD.toMillis(),
                perLine));
        say("  CPU under chat by thread (ms): " + busiest(loadThreadsFrom, loadThreadsTo));
        say(String.format(
                java.util.Locale.ROOT,
                "then %d s more of the same chat (%d lines): cpu_ms=%d, %.2f ms per line (steady)",
                STEADY.toSeconds(),
                sentInSteady,
                steadyCpuMs,
                (double) steadyCpuMs / Math.max(1, sentInSteady)));
        say("  CPU then by thread (ms): " + busiest(loadThreadsTo, steadyThreadsTo));
        say("commands: " + commands + " asked, " + answered + " answered; rss_mb=" + rssAfterLoadMb
                + " after the chat; cooldowns sent: " + (throttled.isEmpty() ? "none" : throttled));
        say(String.format(
                java.util.Locale.ROOT,
                "footprint: answer_ms=%d first_answer_ms=%d rss_mb=%d cpu_ms_per_line=%.2f threads=%d",
                answerMs,
                firstAnswerMs,
                rssMb,
                perLine,
                threads));
        write();
        assertEquals("every command was answered", commands, answered);
    }

    /** Whether {@code bin/daz} finds a class-data archive in {@code data/cds} (one per Java: any will do here). */
    private boolean hasArchive() {
        Path folder = runtime.home().resolve("data/cds");
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f ->
                    f.getFileName().toString().endsWith(".jsa") && f.toFile().length() > 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps {@code run} up until the archive its training writes is there, at most {@link #TRAINING}; ms waited. */
    private long awaitArchive(RuntimeProcess.Run run) {
        long from = System.nanoTime();
        Await.until(TRAINING, "a class-data archive in " + runtime.home().resolve("data/cds"), () -> {
            assertTrue("the runtime exited while its class-data archive was being written", run.isAlive());
            return hasArchive();
        });
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
    }

    private static String archiveNote(boolean archive) {
        return archive ? " (with a class-data archive)" : " (no class-data archive yet)";
    }

    /** The threads that used CPU between two samples, most first, as {@code name=ms}. */
    private static String busiest(Map<Long, Map.Entry<String, Long>> from, Map<Long, Map.Entry<String, Long>> to) {
        return to.entrySet().stream()
                .map(e -> Map.entry(
                        e.getValue().getKey(),
                        e.getValue().getValue()
                                - (from.containsKey(e.getKey())
                                        ? from.get(e.getKey()).getValue()
                                        : 0)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12)
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    /** Thread names (as Linux keeps them: 15 characters), counted. */
    private static String names(Map<Long, Map.Entry<String, Long>> threads) {
        return threads.values().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.counting()))
                .entrySet()
                .stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static boolean isBot(Received r) {
        return r.is("chatMsg") && "dazbot".equals(r.username());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private void say(String line) {
        report.add(line);
        System.out.println(line);
    }

    private void write() {
        Path file = Path.of("target/benchmarks/footprint.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
