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
 * {@code daz.core} 5 times (one every 20 updates). Each update is typed in a turn of the load's asker (no command is
 * asked in it), and the moment the shell's {@code update} returns a second admin ({@link ProbeAsker}: rank 2, a flood
 * budget of its own) asks a command of the updated plugin: the probe. The bot thus answers one command per period
 * as before, and neither the asker's nor the bot's flood limit holds the probe back.
 *
 * <ul>
 *   <li>{@code lost}, {@code duplicated}: commands the server relayed to the bot with no answer, or a second one
 *       ({@link CommandTally}), the probes included; {@code events_lost}: chat lines the channel relayed that have no
 *       row in {@code daz_sql.chat_log} ({@link ChatLogCheck}). Both over the whole run, Core updates included.
 *   <li>{@code p99_ms}: from the asker receiving its own command back to receiving the answer (probes included).
 *   <li>{@code update_to_live_p50_ms}: from typing {@code update} to the probe's answer reaching the prober: the
 *       updated plugin answering again (plugin and EventFilter updates; the Core's are printed apart, probed every
 *       200 ms until the bot is back in the channel). Printed per target with its parts: the shell's {@code update}
 *       (and, from the runtime's log, typing to the durable handler going, going to coming back, coming back to the
 *       shell returning: {@link DurableHandovers}), the probe's round trip, and the time the plugin's answer was in
 *       the bot, from the EventFilter's audit rows ({@link ProbeAudit}), before the bot's pacing under its own flood
 *       limit.
 *   <li>{@code threads_delta}, {@code classloaders_delta}, {@code heap_delta_mb}: the runtime JVM after all updates
 *       minus before them, each measured after two full collections ({@link JvmFigures}), the load running.
 * </ul>
 *
 * Writes {@code target/benchmarks/reload.txt}, with the machine's load average at the start and the end (the figures
 * are times on a shared machine); its last line is {@code reload: updates commands lost duplicated events_lost p99_ms
 * update_to_live_p50_ms threads_delta classloaders_delta heap_delta_mb}.
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
        runtime.configure("daz.eventfilter", ProbeAsker.eventFilterConfiguration(ASKER, 1_000_000));
        TestBundles.build(
                runtime.home().resolve("deploy"),
                BENCH,
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                BenchCommand.class);
        String loadAtStart = loadAverage();
        RuntimeProcess.Run run = runtime.start("reload.log");
        long start = System.currentTimeMillis();

        List<CommandKind> kinds = CommandKind.shipped(Optional.of(BENCH));
        List<String> lines = new ArrayList<>();
        try (DazShellSession shell =
                        new DazShellSession(runtime.home(), runtime.work().resolve("daz-shell.err"));
                ReloadTraffic traffic = new ReloadTraffic(standin, "reload", BOT, 5, ASKER, kinds)) {
            Map<String, Long> ids = bundleIds(shell.run("lb -s"));
            ProbeAsker prober = ProbeAsker.join(standin, "reload", BOT, kinds);
            ReloadScenario scenario = new ReloadScenario(traffic, prober, BOT, shell::run, ids);
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
            // the first was to warm up
            List<ReloadScenario.Update> measured = all.subList(1, all.size());
            List<ReloadScenario.Update> notCore =
                    measured.stream().filter(x -> !CORE.equals(x.bundle())).toList();
            long core = all.stream().filter(x -> CORE.equals(x.bundle())).count();
            lines.add("updates: " + (all.size() - 1) + " (" + (all.size() - 1 - core)
                    + " of plugins and the EventFilter, " + core + " of the Core; and one to warm up, not counted)");
            DurableHandovers handovers = DurableHandovers.of(runtime.log());
            ProbeAudit audit = ProbeAudit.of(database, ProbeAsker.NAME);
            lines.add("  p50 ms per target. update_to_live: typed to the probe's answer heard = shell (typed to"
                    + " returned: typed->gone + gone->back + back->returned, from the runtime's log) + returned->probe"
                    + " + probe (its round trip). in_bot: typed to the plugin's answer in the bot (audit row), before"
                    + " the bot's pacing under its own flood limit; probe_in_bot: sent to that");
            for (String target : targets) {
                lines.add("  " + target + ": " + breakdown(measured, handovers, audit, target));
            }
            lines.add("  " + CORE + ": back in the channel and answering, ms after update: "
                    + all.stream()
                            .filter(x -> CORE.equals(x.bundle()))
                            .map(x -> Long.toString(x.toLiveMillis()))
                            .toList()
                    + "; the shell took "
                    + all.stream()
                            .filter(x -> CORE.equals(x.bundle()))
                            .map(x -> Long.toString(x.shellMillis()))
                            .toList()
                    + ", probes asked (one every 200 ms until answered) "
                    + all.stream()
                            .filter(x -> CORE.equals(x.bundle()))
                            .map(x -> Integer.toString(x.probes()))
                            .toList());
            lines.add("the probes (a second admin's, asked the moment the shell returned): asked after p50_ms="
                    + median(notCore, ReloadScenario.Update::probeDelayMillis) + ", own round trip p50_ms="
                    + median(notCore, ReloadScenario.Update::probeMillis));
            lines.add("machine load average (1, 5, 15 min) at the start: " + loadAtStart + "; at the end: "
                    + loadAverage());
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
            lines.add("class loaders there after and not before (by the package of their first class): "
                    + before.loadersAdded(after) + "; before and not after: " + after.loadersAdded(before));
            lines.add("reload: updates=" + (all.size() - 1) + " commands=" + commands.relayed() + " lost="
                    + commands.lost() + " duplicated=" + commands.duplicated() + " events_lost=" + chat.missing()
                    + " p99_ms=" + commands.percentileMillis(99) + " update_to_live_p50_ms="
                    + median(notCore, ReloadScenario.Update::toLiveMillis) + " threads_delta="
                    + (after.threads() - before.threads()) + " classloaders_delta="
                    + (after.classLoaders() - before.classLoaders()) + " heap_delta_mb="
                    + Math.round((after.heapUsedKb() - before.heapUsedKb()) / 1024.0));
        }
        run.stop();
        write(lines);
        lines.forEach(System.out::println);
    }

    /**
     * One target's medians: time to live, the shell's update and its parts as the log shows them (the durable handler
     * of the probe's command, or the EventFilter's chat handler, going and coming back), the probe's delay and trip.
     */
    private static String breakdown(
            List<ReloadScenario.Update> measured, DurableHandovers log, ProbeAudit audit, String target) {
        List<ReloadScenario.Update> mine =
                measured.stream().filter(u -> u.bundle().equals(target)).toList();
        List<Long> toGone = new ArrayList<>();
        List<Long> away = new ArrayList<>();
        List<Long> toReturned = new ArrayList<>();
        List<Long> inBot = new ArrayList<>();
        List<Long> probeInBot = new ArrayList<>();
        for (ReloadScenario.Update u : mine) {
            long sent = u.typedAtMillis() + u.shellMillis() + u.probeDelayMillis();
            audit.answered(u.probeWord(), sent - 5, u.typedAtMillis() + u.toLiveMillis())
                    .ifPresent(at -> {
                        inBot.add(at - u.typedAtMillis());
                        probeInBot.add(at - sent);
                    });
            String command = "daz.command." + u.probeWord();
            Optional<DurableHandovers.Outage> outage = target.equals("daz.eventfilter")
                    ? log.outage(
                            u.typedAtMillis(), "daz.eventfilter.commands", List.of("daz.eventfilter.commands", command))
                    : log.outage(u.typedAtMillis(), command, List.of(command));
            outage.ifPresent(o -> {
                toGone.add(o.goneMillis() - u.typedAtMillis());
                away.add(o.backMillis() - o.goneMillis());
                toReturned.add(u.typedAtMillis() + u.shellMillis() - o.backMillis());
            });
        }
        return "update_to_live=" + median(mine, ReloadScenario.Update::toLiveMillis) + " in_bot="
                + ReloadScenario.median(inBot) + " shell="
                + median(mine, ReloadScenario.Update::shellMillis) + " (typed->gone="
                + ReloadScenario.median(toGone) + " gone->back=" + ReloadScenario.median(away) + " back->returned="
                + ReloadScenario.median(toReturned) + ") returned->probe="
                + median(mine, ReloadScenario.Update::probeDelayMillis) + " probe="
                + median(mine, ReloadScenario.Update::probeMillis) + " probe_in_bot="
                + ReloadScenario.median(probeInBot)
                + " (n=" + mine.size() + ", in the audit " + inBot.size() + ")";
    }

    private static long median(
            List<ReloadScenario.Update> updates, java.util.function.ToLongFunction<ReloadScenario.Update> figure) {
        return ReloadScenario.median(updates.stream().map(figure::applyAsLong).toList());
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

    /** The machine's load averages ({@code /proc/loadavg}), "?" where there is none. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
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
