package daz.itests.eventfilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The updates of the reload scenario, typed into a shell while {@link ReloadTraffic} runs: each target bundle in turn
 * is updated ({@code update <id>}), and right after it a command that the updated bundle answers is asked (the
 * probe, in the load's next turn: at most one command period later); from typing the update to the probe's answer is
 * the update's time to live. The next update waits for that
 * answer and two more of the load's commands, so the bot is never updated twice at once. Afterwards, {@link #tally}
 * counts what came of every command.
 */
final class ReloadScenario {

    /** The shell the updates are typed into: runs one command and returns when it is done. */
    @FunctionalInterface
    interface Shell {
        void run(String command) throws Exception;
    }

    /**
     * One update: its bundle, when it was typed (epoch ms), the time from then to the probe's answer (-1: none came),
     * and from the probe's sending to its answer (the probe goes in the load's next turn, at most a period after the
     * shell is done).
     */
    record Update(String bundle, long typedAtMillis, long toLiveMillis, long probeMillis) {}

    private static final Duration LIVE = Duration.ofSeconds(10);

    private final ReloadTraffic traffic;
    private final AnswerInbox inbox;
    private final Shell shell;
    private final Map<String, Long> bundleIds;
    private final List<Update> updates = new ArrayList<>();

    /** @param bundleIds the id of each bundle that may be updated, by symbolic name */
    ReloadScenario(ReloadTraffic traffic, String bot, Shell shell, Map<String, Long> bundleIds) {
        this.traffic = traffic;
        this.inbox = new AnswerInbox(traffic.asker(), bot, traffic.kinds());
        this.shell = shell;
        this.bundleIds = bundleIds;
    }

    /**
     * Updates {@code bundle} and waits for its probe's answer.
     *
     * @param probe the command asked right after the update (the updated plugin's, or any for the EventFilter)
     */
    Update update(String bundle, CommandKind probe) throws Exception {
        return update(bundle, probe, LIVE);
    }

    /**
     * Updates {@code bundle} (the Core) whose link to the channel goes and comes back: the probe is asked again every
     * second until one is answered, since the server refuses a PM to a bot that is not in the channel.
     */
    Update updateReconnecting(String bundle, CommandKind probe) throws Exception {
        return update(bundle, probe, Duration.ofSeconds(1));
    }

    private Update update(String bundle, CommandKind probe, Duration probeWait) throws Exception {
        Long id = bundleIds.get(bundle);
        if (id == null) {
            throw new IllegalArgumentException("no bundle " + bundle + " in " + bundleIds.keySet());
        }
        long typed = System.currentTimeMillis();
        shell.run("update " + id);
        long updated = System.currentTimeMillis();
        long live = -1;
        long probeTrip = -1;
        ReloadTraffic.Asked asked = null;
        while (live < 0 && System.currentTimeMillis() - updated < LIVE.toMillis()) {
            ReloadTraffic.Asked probed = traffic.probe(probe).get(10, TimeUnit.SECONDS);
            asked = probed;
            if (inbox.readUntil(probeWait, () -> inbox.answerTo(probe, probed).isPresent())) {
                long answered = inbox.answerTo(probe, probed).orElseThrow().millis();
                live = answered - typed;
                probeTrip = answered - probed.sentAtMillis();
            }
        }
        int before = traffic.asked();
        long waited = System.currentTimeMillis();
        inbox.readUntil(LIVE, () -> traffic.asked() >= before + 2);
        System.out.println("update " + bundle + ": the shell took " + (updated - typed) + " ms; answering again "
                + live + " ms after it was typed (" + probe.word() + " " + asked.number() + ", asked "
                + (asked.sentAtMillis() - updated) + " ms after the shell returned, answered in " + probeTrip
                + " ms); then "
                + (System.currentTimeMillis() - waited) + " ms of load");
        Update update = new Update(bundle, typed, live, probeTrip);
        updates.add(update);
        return update;
    }

    /** Asks {@code kind} until the plugin itself answers (not "is getting ready"), at most {@code timeout}. */
    void awaitPluginAnswer(CommandKind kind, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ReloadTraffic.Asked asked = traffic.probe(kind).get(10, TimeUnit.SECONDS);
            if (inbox.readUntil(
                            Duration.ofSeconds(5),
                            () -> inbox.answerTo(kind, asked).isPresent())
                    && inbox.answerTo(kind, asked).orElseThrow().pluginAnswer()) {
                return;
            }
        }
        throw new AssertionError(kind.plugin() + " did not answer !" + kind.word() + " within " + timeout);
    }

    List<Update> updates() {
        return Collections.unmodifiableList(updates);
    }

    /** Waits (at most {@code timeout}) for an answer to every command asked, then counts. */
    CommandTally tally(Duration timeout) {
        inbox.readUntil(
                timeout,
                () -> traffic.kinds().stream()
                        .allMatch(k -> inbox.asks(k).size() >= traffic.asked(k)
                                && inbox.answers(k).size() >= inbox.asks(k).size()));
        return CommandTally.of(traffic, inbox);
    }

    /** The median of the times to live of the updates of the bundles {@code bundles} accepts; -1 if none came. */
    long liveP50(Predicate<String> bundles) {
        List<Long> times = updates.stream()
                .filter(u -> bundles.test(u.bundle()))
                .map(Update::toLiveMillis)
                .filter(t -> t >= 0)
                .sorted()
                .toList();
        return times.isEmpty() ? -1 : times.get((times.size() - 1) / 2);
    }

    /** The median of the probes' own round trips (sent to answered) after the updates {@code bundles} accepts. */
    long probeP50(Predicate<String> bundles) {
        List<Long> times = updates.stream()
                .filter(u -> bundles.test(u.bundle()))
                .map(Update::probeMillis)
                .filter(t -> t >= 0)
                .sorted()
                .toList();
        return times.isEmpty() ? -1 : times.get((times.size() - 1) / 2);
    }

    /** Updates whose probe got no answer within 10 s (the command timeout). */
    long neverLive() {
        return updates.stream().filter(u -> u.toLiveMillis() < 0).count();
    }
}
