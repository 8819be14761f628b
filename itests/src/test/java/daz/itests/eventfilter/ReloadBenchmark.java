package daz.itests.eventfilter;

import daz.itests.DazShellSession;
import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import daz.itests.TestBundles;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
import daz.itests.eventfilter.bench.BenchCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * {@code itests/benchmarks/run reload}: the unpacked runtime ({@code bin/daz --headless}, a real PostgreSQL) in a
 * channel of the CyTube stand-in, with a {@code !bench} plugin in {@code deploy/}. Five users chat, 20 lines/s in
 * all, and an admin asks a command by PM every 150 ms (each plugin's in turn), while an operator's
 * {@code bin/daz-shell} updates every plugin bundle and {@code daz.eventfilter} in turn (100 updates) and
 * {@code daz.core} 5 times (one every 20 updates).
 *
 * <ul>
 *   <li>{@code lost}, {@code duplicated}: commands the server relayed to the bot with no answer, or a second one
 *       ({@link CommandTally}); {@code events_lost}: chat lines the channel relayed that have no row in
 *       {@code daz_sql.chat_log} ({@link ChatLogCheck}). Both over the whole run, Core updates included.
 *   <li>{@code p99_ms}: from the asker receiving its own command back to receiving the answer.
 *   <li>{@code update_to_live_p50_ms}: from typing {@code update} to the updated plugin answering the command asked
 *       right after it (plugin and EventFilter updates; the Core's are printed apart).
 *   <li>{@code threads_delta}, {@code classloaders_delta}, {@code heap_delta_mb}: the runtime JVM after all updates
 *       minus before them, each measured after two full collections ({@link JvmFigures}), the load running.
 * </ul>
 *
 * Writes {@code target/benchmarks/reload.txt}; its last line is {@code reload: updates commands lost duplicated
 * events_lost p99_ms update_to_live_p50_ms threads_delta classloaders_delta heap_delta_mb}.
 */
public class ReloadBenchmark {

    private static final String BOT = "dazbot";
    private static final String ASKER = "quinn";
    private static final String BENCH = "daz.plugin.bench";
    private static final String CORE = "daz.core";
    private static final Pattern LB_ROW = Pattern.compile("(?m)^\\s*(\\d+)\\|[^|]*\\|[^|]*\\|(\\S+) \\(");

    private final RuntimeProcess runtime = RuntimeProcess.unpack(ReloadBenchmark.class);
    private CytubeStandin standin;

    @After
    public void tearDown() {
        runtime.close();
        if (standin != null) {
            standin.close();
        }
    }

    @Test
    public void updatesUnderLoad() throws Exception {
        int updates = Integer.getInteger("bench.updates", 100);
        int coreUpdates = Integer.getInteger("bench.core.updates", 5);
        standin = CytubeStandin.start();
        standin.createChannel(ChannelConfig.registered("reload").account(BOT, "bench-pw", 2));
        String database = IntegrationDatabase.createFor(getClass());
        runtime.configure("daz.sql", "url = " + database);
        runtime.configure(
                "daz.core.channel-reload",
                "server = " + standin.baseUrl(),
                "channel = reload",
                "user = " + BOT,
                "password = bench-pw");
        runtime.configure("daz.eventfilter", "admins = " + ASKER, "spam.commands = 1000000");
        TestBundles.build(
                runtime.home().resolve("deploy"),
                BENCH,
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                BenchCommand.class);
        RuntimeProcess.Run run = runtime.start("reload.log");
        long start = System.currentTimeMillis();

        List<CommandKind> kinds = CommandKind.shipped(Optional.of(BENCH));
        List<String> lines = new ArrayList<>();
        try (DazShellSession shell =
                        new DazShellSession(runtime.home(), runtime.work().resolve("daz-shell.err"));
                ReloadTraffic traffic = new ReloadTraffic(standin, "reload", BOT, 5, ASKER, kinds)) {
            Map<String, Long> ids = bundleIds(shell.run("lb -s"));
            ReloadScenario scenario = new ReloadScenario(traffic, BOT, shell::run, ids);
            // the bot in the channel and every plugin answering (schemas migrated) before the load starts
            awaitEveryKindAnswered(scenario, kinds);
            traffic.start(20, Duration.ofMillis(150));
            // warm: the load runs a while before the figures are taken
            scenario.update("daz.plugin.help", kinds.get(0));
            JvmFigures before = JvmFigures.of(run.pid());

            List<String> targets =
                    new ArrayList<>(kinds.stream().map(CommandKind::plugin).toList());
            targets.add("daz.eventfilter");
            int coreEvery = coreUpdates == 0 ? Integer.MAX_VALUE : Math.max(1, updates / coreUpdates);
            for (int u = 0; u < updates; u++) {
                String target = targets.get(u % targets.size());
                CommandKind probe = kinds.stream()
                        .filter(k -> k.plugin().equals(target))
                        .findFirst()
                        .orElse(kinds.get(0));
                scenario.update(target, probe);
                if ((u + 1) % coreEvery == 0) {
                    scenario.updateReconnecting(CORE, kinds.get(0));
                }
            }
            JvmFigures after = JvmFigures.of(run.pid());
            traffic.stop();
            CommandTally commands = scenario.tally(Duration.ofSeconds(60));
            ChatLogCheck chat = ChatLogCheck.of(
                    traffic.relayedLines(), database, "reload", traffic.chatterNames(), start, Duration.ofSeconds(60));

            List<ReloadScenario.Update> all = scenario.updates();
            long core = all.stream().filter(x -> CORE.equals(x.bundle())).count();
            lines.add("updates: " + (all.size() - 1) + " (" + (all.size() - 1 - core)
                    + " of plugins and the EventFilter, " + core + " of the Core; and one to warm up, not counted)");
            for (String target : targets) {
                lines.add("  " + target + ": update_to_live_p50_ms=" + scenario.liveP50(target::equals));
            }
            lines.add("  " + CORE + ": back in the channel and answering, ms after update: "
                    + all.stream()
                            .filter(x -> CORE.equals(x.bundle()))
                            .map(x -> Long.toString(x.toLiveMillis()))
                            .toList());
            lines.add("the probes' own round trip (asked in the load's next turn after the update, at most 150 ms"
                    + " later, to answered), p50_ms=" + scenario.probeP50(b -> !CORE.equals(b)));
            lines.add("updates whose plugin did not answer again within 10 s: " + scenario.neverLive());
            lines.add("commands: asked " + commands.sent() + ", relayed to the bot " + commands.relayed()
                    + " (refused by the server as a flood: " + commands.cooldowns() + ")");
            lines.add("answers that were the EventFilter's, not the plugin's: "
                    + commands.notPluginAnswers().size() + " "
                    + commands.notPluginAnswers().stream().distinct().toList());
            lines.add("lost or duplicated: " + commands.lostOrDuplicated());
            lines.add("chat: " + traffic.linesSent() + " lines sent, " + chat.relayed() + " relayed, " + chat.stored()
                    + " rows; missing " + chat.missing() + ", stored twice " + chat.storedTwice());
            lines.add("before: " + before + "; after: " + after);
            lines.add("threads there after and not before: " + before.threadsAdded(after) + "; before and not after: "
                    + after.threadsAdded(before));
            lines.add("reload: updates=" + (all.size() - 1) + " commands=" + commands.relayed() + " lost="
                    + commands.lost() + " duplicated=" + commands.duplicated() + " events_lost=" + chat.missing()
                    + " p99_ms=" + commands.percentileMillis(99) + " update_to_live_p50_ms="
                    + scenario.liveP50(b -> !CORE.equals(b)) + " threads_delta="
                    + (after.threads() - before.threads()) + " classloaders_delta="
                    + (after.classLoaders() - before.classLoaders()) + " heap_delta_mb="
                    + Math.round((after.heapUsedKb() - before.heapUsedKb()) / 1024.0));
        }
        run.stop();
        write(lines);
        lines.forEach(System.out::println);
    }

    /** Asks each kind once, again until the plugin itself answers (its schema may still be migrating). */
    private static void awaitEveryKindAnswered(ReloadScenario scenario, List<CommandKind> kinds) throws Exception {
        for (CommandKind kind : kinds) {
            scenario.awaitPluginAnswer(kind, Duration.ofSeconds(90));
        }
    }

    /** Bundle ids by symbolic name, from {@code lb}. */
    static Map<String, Long> bundleIds(String lb) {
        Map<String, Long> ids = new HashMap<>();
        Matcher row = LB_ROW.matcher(lb);
        while (row.find()) {
            ids.put(row.group(2), Long.parseLong(row.group(1)));
        }
        return ids;
    }

    private static void write(List<String> lines) {
        Path report = Path.of("target/benchmarks", "reload.txt");
        try {
            Files.createDirectories(report.getParent());
            Files.write(report, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
