package daz.itests.eventfilter;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import daz.itests.Await;
import daz.itests.TestBundles;
import daz.itests.TestDatabase;
import daz.itests.eventfilter.bench.BenchCommand;
import daz.itests.trackers.TrackerITSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The reload scenario at a small scale (issue 14), in real Felix + SCR with every shipped plugin: five users chat
 * (10 lines/s in all) and an admin asks a command by PM every 150 ms, each plugin's in turn, while the shell updates
 * every plugin bundle (and a test plugin's) and {@code daz.eventfilter} in turn, 20 updates in all, a second admin
 * asking the updated plugin's command as each is done. Every command the server relayed to the bot is answered
 * exactly once, and the chat log holds every line the channel relayed, once.
 * {@code itests/benchmarks/run reload} is the same at full scale, against the unpacked runtime.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReloadScenarioIT extends TrackerITSupport {

    private static final String BENCH = "daz.plugin.bench";
    private static final int UPDATES = Integer.getInteger("reload.updates", 20);

    @Override
    protected Option[] testOptions() {
        Path jar = TestBundles.build(
                workDirectory(getClass()).resolve("plugins"),
                BENCH,
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                BenchCommand.class);
        List<Option> options = new ArrayList<>(Arrays.asList(super.testOptions()));
        // the probes' asker is an admin too
        writeConfiguration(
                workDirectory(getClass()), "daz.eventfilter", ProbeAsker.eventFilterConfiguration(ASKER, 1000));
        options.add(systemProperty(BENCH).value(jar.toString()));
        return options.toArray(Option[]::new);
    }

    @Test
    public void updatingEveryPluginAndTheEventFilterInTurnLosesAndRepeatsNothing() throws Exception {
        long start = System.currentTimeMillis();
        botIn("reload");
        Bundle bench =
                context.installBundle(Path.of(System.getProperty(BENCH)).toUri().toString());
        bench.start();
        Await.until(READY, "!bench registered", () -> commandRegistered("bench"));

        List<CommandKind> kinds = CommandKind.shipped(Optional.of(BENCH));
        Map<String, Long> ids = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            ids.put(b.getSymbolicName(), b.getBundleId());
        }
        List<String> targets =
                new ArrayList<>(kinds.stream().map(CommandKind::plugin).toList());
        targets.add("daz.eventfilter");
        try (ReloadTraffic traffic = new ReloadTraffic(standin, "reload", BOT, 5, ASKER, kinds)) {
            ProbeAsker prober = ProbeAsker.join(standin, "reload", BOT, kinds);
            ReloadScenario scenario = new ReloadScenario(traffic, prober, BOT, this::shell, ids);
            traffic.start(10, Duration.ofMillis(150));
            for (int u = 0; u < UPDATES; u++) {
                String target = targets.get(u % targets.size());
                CommandKind probe = kinds.stream()
                        .filter(k -> k.plugin().equals(target))
                        .findFirst()
                        .orElse(kinds.get(0)); // the EventFilter: any command
                scenario.update(target, probe);
            }
            traffic.stop();
            CommandTally commands = scenario.tally(Duration.ofSeconds(30));
            ChatLogCheck chat = ChatLogCheck.of(
                    traffic.relayedLines(),
                    System.getProperty(TestDatabase.URL_PROPERTY),
                    "reload",
                    traffic.chatterNames(),
                    start,
                    Duration.ofSeconds(30));
            String summary = "reload (small): updates=" + scenario.updates().size() + " commands=" + commands.relayed()
                    + " (asked " + commands.sent() + ") lost=" + commands.lost() + " duplicated="
                    + commands.duplicated() + " chat_lines=" + chat.relayed() + " events_lost=" + chat.missing()
                    + " stored_twice=" + chat.storedTwice() + " p99_ms=" + commands.percentileMillis(99)
                    + " update_to_live_p50_ms=" + scenario.liveP50(b -> true) + " in "
                    + (System.currentTimeMillis() - start) / 1000 + " s; not the plugins' answers: "
                    + commands.notPluginAnswers() + " " + commands.unsorted() + " faults: "
                    + commands.lostOrDuplicated() + "; the asker's PMs refused as a flood: " + commands.cooldowns()
                    + ", sends failed: " + traffic.failures();
            System.out.println(summary);
            assertEquals("every command relayed: " + summary, commands.sent(), commands.relayed());
            assertEquals("commands lost: " + summary, 0, commands.lost());
            assertEquals("commands answered twice: " + summary, 0, commands.duplicated());
            assertEquals("updates whose plugin never answered again: " + summary, 0, scenario.neverLive());
            assertEquals("chat lines not stored: " + summary, 0, chat.missing());
            assertEquals("chat lines stored twice: " + summary, 0, chat.storedTwice());
        }
    }
}
