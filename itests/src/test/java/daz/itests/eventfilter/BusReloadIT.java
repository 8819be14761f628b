package daz.itests.eventfilter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import daz.itests.DazShellSession;
import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import daz.itests.TestBundles;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.User;
import daz.itests.eventfilter.bench.BenchCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * The operator's other ways to replace code under load (issue 14), against the unpacked runtime, the CyTube stand-in
 * and PostgreSQL: five users chat (10 lines/s in all) and an admin asks a command by PM every 150 ms while the shell
 * updates {@code daz.eventbus} twice (everything that uses the bus restarts: the bot leaves the channel and joins
 * again), then a plugin jar in {@code deploy/} is replaced by a new build and the plugin is refreshed.
 *
 * <ul>
 *   <li>The bus: the bot answers again; every chat line the channel relayed is stored exactly once (those said while
 *       the bot was out of the channel come back with CyTube's replay); a chat command in the replay is not run
 *       again; no command is answered twice; each update logs one line of what the bus lost (the commands in flight
 *       at that moment may be lost: printed with the counts); no bus thread is left behind.
 *   <li>The plugin replaced in {@code deploy/} and refreshed: every command relayed is answered exactly once, by the
 *       plugin.
 * </ul>
 */
public class BusReloadIT {

    private static final String BOT = "dazbot";
    private static final String ASKER = "quinn";
    private static final String CHANNEL = "busreload";
    private static final String BENCH = "daz.plugin.bench";
    private static final Duration LIVE = Duration.ofSeconds(15);
    /** Between probes of a plugin being replaced, and of the bot while it joins the channel again. */
    private static final Duration PROBE = Duration.ofSeconds(1);

    private static final Duration PROBE_REJOINING = Duration.ofMillis(300);

    private static final Pattern STOP_LINE = Pattern.compile("Event bus stopped: lost (\\d+) events queued for"
            + " handlers.*?, (\\d+) events held for durable handlers.*?, (\\d+) requests in flight.*");

    private static final Pattern UNREAD_LINE = Pattern.compile("(\\d+) chat lines or PMs dropped unread.*");

    private static final Pattern NOT_SENT_LINE = Pattern.compile(
            "no such channel is configured; message .* dropped.*|arrived as the link to the server closed; not read.*");

    private final RuntimeProcess runtime = RuntimeProcess.unpack(BusReloadIT.class);
    private CytubeStandin standin;

    @After
    public void tearDown() {
        runtime.close();
        if (standin != null) {
            standin.close();
        }
    }

    @Test
    public void updatingTheBusAndReplacingAPluginLosesAndRepeatsNothing() throws Exception {
        standin = CytubeStandin.start();
        standin.createChannel(ChannelConfig.registered(CHANNEL).account(BOT, "bus-pw", 2));
        String database = IntegrationDatabase.createFor(getClass());
        runtime.configure("daz.sql", "url = " + database);
        runtime.configure(
                "daz.core.channel-" + CHANNEL,
                "server = " + standin.baseUrl(),
                "channel = " + CHANNEL,
                "user = " + BOT,
                "password = bus-pw");
        runtime.configure("daz.eventfilter", "admins = " + ASKER, "spam.commands = 1000000");
        Path deployed = TestBundles.build(
                runtime.home().resolve("deploy"),
                BENCH,
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                BenchCommand.class);
        RuntimeProcess.Run run = runtime.start("busreload.log");
        long start = System.currentTimeMillis();

        List<CommandKind> kinds = CommandKind.shipped(Optional.of(BENCH)).stream()
                .filter(k -> List.of("daz.plugin.help", "daz.plugin.usertracker", BENCH)
                        .contains(k.plugin()))
                .toList();
        CommandKind help = kinds.get(0);
        CommandKind bench = kinds.get(kinds.size() - 1);
        List<String> steps = new ArrayList<>();
        try (DazShellSession shell =
                        new DazShellSession(runtime.home(), runtime.work().resolve("daz-shell.err"));
                ReloadTraffic traffic = new ReloadTraffic(standin, CHANNEL, BOT, 5, ASKER, kinds)) {
            Map<String, Long> ids = ReloadBenchmark.bundleIds(shell.run("lb -s"));
            AnswerInbox all = new AnswerInbox(traffic.asker(), BOT, kinds);
            for (CommandKind kind : kinds) {
                awaitAnswer(traffic, all, kind, Duration.ofSeconds(2));
            }
            User chatter = standin.user(CHANNEL, "chatasker");
            traffic.start(10, Duration.ofMillis(150));
            long busThreadsBefore = busThreads(run.pid());

            // the bus: every bundle that uses it restarts, the Core leaves the channel and joins again
            for (int u = 1; u <= 2; u++) {
                // a command said in the channel just before: CyTube replays it on the bot's join, not to be run again
                chatter.chat("!help z" + u);
                String answer = "No command !z" + u + ".";
                chatter.awaitChat(BOT, m -> m.startsWith(answer), LIVE);
                long typed = System.currentTimeMillis();
                steps.add("typed at " + typed);
                shell.run("update " + ids.get("daz.eventbus"));
                long shellMillis = System.currentTimeMillis() - typed;
                long live = awaitAnswer(traffic, all, help, PROBE_REJOINING) - typed;
                steps.add("update daz.eventbus: shell " + shellMillis + " ms, answering again " + live + " ms after");
                awaitMoreAsked(traffic, all, 3);
            }
            long busThreadsAfter = busThreads(run.pid());

            // a plugin replaced as an operator does it, and refreshed: no command lost or answered twice
            AnswerInbox plugin = new AnswerInbox(traffic.asker(), BOT, kinds);
            Path next = TestBundles.build(
                    runtime.work().resolve("next"),
                    BENCH,
                    "1.0.1",
                    Map.of("-dsannotations", "*"),
                    Map.of(),
                    BenchCommand.class);
            long moved = System.currentTimeMillis();
            steps.add("moved at " + moved);
            Files.move(next, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Await.until(
                    LIVE,
                    "FileInstall updated the plugin",
                    () -> shell.run("lb -s").contains(BENCH + " (1.0.1)"));
            long replaced = System.currentTimeMillis() - moved;
            long live = awaitAnswer(traffic, plugin, bench, PROBE) - moved;
            steps.add("jar replaced in deploy/: 1.0.1 in lb after " + replaced + " ms, answering again " + live
                    + " ms after the mv");
            awaitMoreAsked(traffic, plugin, 3);
            long typed = System.currentTimeMillis();
            shell.run("refresh " + ids.get(BENCH));
            live = awaitAnswer(traffic, plugin, bench, PROBE) - typed;
            steps.add("refresh " + BENCH + ": answering again " + live + " ms after");
            awaitMoreAsked(traffic, plugin, 6);
            traffic.stop();

            CommandTally commands = tally(traffic, all);
            // the same messages, from the plugin's replacement on: read up to the last command and answer of each kind
            assertTrue(
                    "the plugin phase's inbox caught up",
                    plugin.readUntil(
                            Duration.ofSeconds(10),
                            () -> kinds.stream()
                                    .allMatch(k -> last(plugin.asks(k)).equals(last(all.asks(k)))
                                            && last(plugin.answers(k)).equals(last(all.answers(k))))));
            CommandTally pluginCommands = CommandTally.of(traffic, plugin);
            ChatLogCheck chat = ChatLogCheck.of(
                    traffic.relayedLines(), database, CHANNEL, traffic.chatterNames(), start, Duration.ofSeconds(30));
            List<String> stopLines = new ArrayList<>();
            long counted = 0;
            Matcher line = STOP_LINE.matcher(runtime.log());
            int busLines = 0;
            while (line.find()) {
                busLines++;
                stopLines.add(line.group());
                counted +=
                        Long.parseLong(line.group(1)) + Long.parseLong(line.group(2)) + Long.parseLong(line.group(3));
            }
            long chatAnswers = chatter.received("chatMsg").stream()
                    .filter(r -> BOT.equals(r.username()) && r.msg().startsWith("No command !z"))
                    .count();
            String summary = "bus reload: lost_counted_in_log=" + counted + " commands=" + commands.relayed()
                    + " (asked " + commands.sent() + ") lost="
                    + commands.lost() + " duplicated=" + commands.duplicated() + " (of them after the bus updates: "
                    + pluginCommands.relayed() + ", lost " + pluginCommands.lost() + ", duplicated "
                    + pluginCommands.duplicated() + ") chat_lines=" + chat.relayed() + " stored=" + chat.stored()
                    + " events_lost=" + chat.missing() + " stored_twice=" + chat.storedTwice() + " p99_ms="
                    + commands.percentileMillis(99) + "; " + steps + "; faults: " + commands.lostOrDuplicated()
                    + " asked at "
                    + askedAt(all, kinds, commands.lostOrDuplicated().keySet())
                    + "; not the plugins' answers: " + commands.notPluginAnswers() + "; sends failed: "
                    + traffic.failures() + "; bus threads " + busThreadsBefore + " -> " + busThreadsAfter + "; log: "
                    + stopLines;
            System.out.println(summary);
            assertEquals("a count line per bus update: " + summary, 2, busLines);
            assertEquals("commands answered twice: " + summary, 0, commands.duplicated());
            assertEquals("chat lines not stored: " + summary, 0, chat.missing());
            assertEquals("chat lines stored twice: " + summary, 0, chat.storedTwice());
            assertEquals("the chat commands answered once each, not again from the replay", 2, chatAnswers);
            assertEquals("the bus's threads, after two updates: " + summary, busThreadsBefore, busThreadsAfter);
            assertEquals("plugin commands lost: " + summary, 0, pluginCommands.lost());
            assertEquals("plugin commands answered twice: " + summary, 0, pluginCommands.duplicated());
            assertEquals("answers not the plugins': " + summary, List.of(), pluginCommands.notPluginAnswers());
        }
    }

    /** When each of these commands was relayed (epoch ms), for the summary. */
    private static Map<String, Long> askedAt(AnswerInbox inbox, List<CommandKind> kinds, Set<String> texts) {
        Map<String, Long> at = new TreeMap<>();
        for (CommandKind kind : kinds) {
            inbox.asks(kind).stream().filter(a -> texts.contains(a.text())).forEach(a -> at.put(a.text(), a.millis()));
        }
        return at;
    }

    private static String last(List<AnswerInbox.Pm> pms) {
        return pms.isEmpty() ? "" : pms.get(pms.size() - 1).text();
    }

    /** The runtime's threads named {@code daz-eventbus-...} (Linux keeps 15 characters of a thread's name). */
    private static long busThreads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(t -> RuntimeProcess.read(t.resolve("comm")))
                    .filter(name -> name.startsWith("daz-eventbus"))
                    .count();
        }
    }

    /**
     * Reads until every command asked was relayed and answered, and counts. At most 12 s: a command held for a plugin
     * that is away is answered within the answer timeout (10 s), by the plugin or as "being updated".
     */
    private static CommandTally tally(ReloadTraffic traffic, AnswerInbox inbox) {
        inbox.readUntil(
                Duration.ofSeconds(12),
                () -> traffic.kinds().stream()
                        .allMatch(k -> inbox.asks(k).size() >= traffic.asked(k)
                                && inbox.answers(k).size() >= inbox.asks(k).size()));
        return CommandTally.of(traffic, inbox);
    }

    /**
     * Asks {@code kind} every {@code every} (each probe takes the load's next turn) until one of these probes is
     * answered by the plugin; returns when the first answer came (epoch ms).
     */
    private static long awaitAnswer(ReloadTraffic traffic, AnswerInbox inbox, CommandKind kind, Duration every)
            throws Exception {
        List<ReloadTraffic.Asked> probes = new ArrayList<>();
        long from = System.currentTimeMillis();
        while (System.currentTimeMillis() - from < LIVE.toMillis() * 6) {
            probes.add(traffic.probe(kind).get(10, TimeUnit.SECONDS));
            if (inbox.readUntil(every, () -> firstAnswer(inbox, kind, probes).isPresent())) {
                return firstAnswer(inbox, kind, probes).orElseThrow();
            }
        }
        throw new AssertionError(kind.plugin() + " did not answer !" + kind.word() + " again");
    }

    private static Optional<Long> firstAnswer(AnswerInbox inbox, CommandKind kind, List<ReloadTraffic.Asked> probes) {
        return probes.stream()
                .map(p -> inbox.answerTo(kind, p))
                .flatMap(Optional::stream)
                .filter(AnswerInbox.Pm::pluginAnswer)
                .map(AnswerInbox.Pm::millis)
                .min(Long::compare);
    }

    /** Reads the asker's inbox until the load asked {@code more} further commands. */
    private static void awaitMoreAsked(ReloadTraffic traffic, AnswerInbox inbox, int more) {
        int before = traffic.asked();
        assertTrue("the load goes on", inbox.readUntil(Duration.ofSeconds(10), () -> traffic.asked() >= before + more));
    }
}
