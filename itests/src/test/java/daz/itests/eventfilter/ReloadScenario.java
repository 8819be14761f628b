package daz.itests.eventfilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The updates of the reload scenario, typed into a shell while {@link ReloadTraffic} runs: each target bundle in turn
 * is updated ({@code update <id>}) in a turn of the load's asker ({@link ReloadTraffic#takeNextTurn}: no command is
 * asked in it), and the moment the shell's {@code update} returns (Felix has stopped the bundle, read its jar again
 * and started it: the old revision is gone) a second asker, {@link ProbeAsker}, asks a command that the updated
 * bundle answers (the probe). From typing the update to the probe's answer is the update's time to live: the plugin
 * answering again. The probe's asker has a flood budget of its own, and the bot's last answer is a period old (the
 * update took the load's turn), so no flood limit delays the probe or its answer. The next update waits for that
 * answer and two more of the load's commands, so the bot is never updated twice at once. Afterwards, {@link #tally}
 * counts what came of every command, the probes' too.
 */
final class ReloadScenario {

    /** The shell the updates are typed into: runs one command and returns when it is done. */
    @FunctionalInterface
    interface Shell {
        void run(String command) throws Exception;
    }

    /**
     * One update: its bundle, the probe's command word, when it was typed (epoch ms), how long the shell's
     * {@code update} took, the time from typing it to the probe's answer (-1: none came), from the shell returning to
     * the probe's sending, and from that to its answer (the probe's own round trip), and how many probes were asked.
     */
    record Update(
            String bundle,
            String probeWord,
            long typedAtMillis,
            long shellMillis,
            long toLiveMillis,
            long probeDelayMillis,
            long probeMillis,
            int probes) {}

    private static final Duration LIVE = Duration.ofSeconds(10);

    /** How often the probe is asked again while the Core is out of the channel (the server refuses a PM meanwhile). */
    private static final Duration REPROBE = Duration.ofMillis(200);

    private final ReloadTraffic traffic;
    private final ProbeAsker prober;
    private final AnswerInbox inbox;
    private final Shell shell;
    private final Map<String, Long> bundleIds;
    private final List<Update> updates = new ArrayList<>();

    /** @param bundleIds the id of each bundle that may be updated, by symbolic name */
    ReloadScenario(ReloadTraffic traffic, ProbeAsker prober, String bot, Shell shell, Map<String, Long> bundleIds) {
        this.traffic = traffic;
        this.prober = prober;
        this.inbox = new AnswerInbox(traffic.asker(), bot, traffic.kinds());
        this.shell = shell;
        this.bundleIds = bundleIds;
    }

    /**
     * Updates {@code bundle} and waits for its probe's answer.
     *
     * @param probe the command asked once the update is done (the updated plugin's, or any for the EventFilter)
     */
    Update update(String bundle, CommandKind probe) throws Exception {
        return update(bundle, probe, LIVE);
    }

    /**
     * Updates {@code bundle} (the Core) whose link to the channel goes and comes back: the probe is asked again every
     * 200 ms until one is answered, since the server refuses a PM to a bot that is not in the channel.
     */
    Update updateReconnecting(String bundle, CommandKind probe) throws Exception {
        return update(bundle, probe, REPROBE);
    }

    private Update update(String bundle, CommandKind probe, Duration probeWait) throws Exception {
        Long id = bundleIds.get(bundle);
        if (id == null) {
            throw new IllegalArgumentException("no bundle " + bundle + " in " + bundleIds.keySet());
        }
        traffic.takeNextTurn().get(10, TimeUnit.SECONDS);
        long typed = System.currentTimeMillis();
        shell.run("update " + id);
        long updated = System.currentTimeMillis();
        List<ReloadTraffic.Asked> probes = new ArrayList<>();
        Optional<Answered> first = Optional.empty();
        while (first.isEmpty() && System.currentTimeMillis() - updated < LIVE.toMillis()) {
            probes.add(prober.ask(probe));
            prober.readUntil(probeWait, () -> firstAnswer(probe, probes).isPresent());
            first = firstAnswer(probe, probes);
        }
        long live = first.map(a -> a.answer().millis() - typed).orElse(-1L);
        long trip =
                first.map(a -> a.answer().millis() - a.asked().sentAtMillis()).orElse(-1L);
        long delay = probes.get(0).sentAtMillis() - updated;
        int before = traffic.asked();
        long waited = System.currentTimeMillis();
        inbox.readUntil(LIVE, () -> traffic.asked() >= before + 2);
        System.out.println("update " + bundle + ": the shell took " + (updated - typed) + " ms; answering again "
                + live + " ms after it was typed (" + probes.size() + " probe(s) !" + probe.word() + ", the first "
                + delay + " ms after the shell returned; answered in " + trip + " ms); then "
                + (System.currentTimeMillis() - waited) + " ms of load");
        Update update = new Update(bundle, probe.word(), typed, updated - typed, live, delay, trip, probes.size());
        updates.add(update);
        return update;
    }

    private record Answered(ReloadTraffic.Asked asked, AnswerInbox.Pm answer) {}

    /** The earliest answer to any of the probes. */
    private Optional<Answered> firstAnswer(CommandKind kind, List<ReloadTraffic.Asked> probes) {
        return probes.stream()
                .flatMap(p -> prober.answerTo(kind, p).map(a -> new Answered(p, a)).stream())
                .min(java.util.Comparator.comparingLong(a -> a.answer().millis()));
    }

    /** Asks {@code kind} until the plugin itself answers (not "is getting ready"), at most {@code timeout}. */
    void awaitPluginAnswer(CommandKind kind, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ReloadTraffic.Asked asked = prober.ask(kind);
            if (prober.readUntil(
                            Duration.ofSeconds(5),
                            () -> prober.answerTo(kind, asked).isPresent())
                    && prober.answerTo(kind, asked).orElseThrow().pluginAnswer()) {
                return;
            }
        }
        throw new AssertionError(kind.plugin() + " did not answer !" + kind.word() + " within " + timeout);
    }

    List<Update> updates() {
        return Collections.unmodifiableList(updates);
    }

    /** Waits (at most {@code timeout}) for an answer to every command asked, the load's and the probes', then counts. */
    CommandTally tally(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        inbox.readUntil(
                timeout,
                () -> traffic.kinds().stream()
                        .allMatch(k -> inbox.asks(k).size() >= traffic.asked(k)
                                && inbox.answers(k).size() >= inbox.asks(k).size()));
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return CommandTally.of(traffic, inbox).plus(prober.tally(left));
    }

    /** The median of the times to live of the updates of the bundles {@code bundles} accepts; -1 if none came. */
    long liveP50(Predicate<String> bundles) {
        return p50(bundles, Update::toLiveMillis);
    }

    /** The median of one figure of the updates of the bundles {@code bundles} accepts (those of -1 left out). */
    long p50(Predicate<String> bundles, ToLongFunction<Update> figure) {
        return median(updates.stream()
                .filter(u -> bundles.test(u.bundle()))
                .map(figure::applyAsLong)
                .toList());
    }

    /** The median of the figures that are not -1 (none: -1). */
    static long median(List<Long> figures) {
        List<Long> times = figures.stream().filter(t -> t >= 0).sorted().toList();
        return times.isEmpty() ? -1 : times.get((times.size() - 1) / 2);
    }

    /** Updates whose probe got no answer within 10 s (the command timeout). */
    long neverLive() {
        return updates.stream().filter(u -> u.toLiveMillis() < 0).count();
    }
}
