package daz.itests.eventfilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * What came of the reload scenario's commands, kind by kind: a command the server relayed to the bot and that got no
 * answer is lost; a second answer to one is a duplicate. Answers that repeat the number asked are matched to their
 * command; the others, and the EventFilter's own answers ("being updated", "failed"), in order. Latency: from the
 * asker receiving its own command back to receiving the answer, both stamped by the stand-in's client.
 *
 * @param sent commands asked
 * @param relayed commands the server relayed to the bot
 * @param cooldowns how often the server refused the asker's PM as over its flood limit (not relayed)
 * @param notPluginAnswers answers that were the EventFilter's ("is being updated", "failed", ...), by text
 */
record CommandTally(
        int sent,
        int relayed,
        int lost,
        int duplicated,
        List<String> notPluginAnswers,
        List<String> unsorted,
        List<Long> latencyMicros,
        Map<String, String> lostOrDuplicated,
        int cooldowns) {

    static CommandTally of(ReloadTraffic traffic, AnswerInbox inbox) {
        return of(traffic.kinds(), traffic::asked, inbox);
    }

    /** What came of the commands one user asked ({@code asked}: how many of a kind) as its inbox holds them. */
    static CommandTally of(List<CommandKind> kinds, ToIntFunction<CommandKind> asked, AnswerInbox inbox) {
        int sent = 0;
        int relayed = 0;
        int lost = 0;
        int duplicated = 0;
        List<String> other = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        Map<String, String> faults = new HashMap<>();
        for (CommandKind kind : kinds) {
            List<AnswerInbox.Pm> asks = inbox.asks(kind);
            List<AnswerInbox.Pm> answers = inbox.answers(kind);
            sent += asked.applyAsInt(kind);
            relayed += asks.size();
            answers.stream()
                    .filter(a -> !a.pluginAnswer())
                    .map(AnswerInbox.Pm::text)
                    .forEach(other::add);
            if (kind.numbered()) {
                Map<Integer, List<AnswerInbox.Pm>> byNumber = new HashMap<>();
                for (AnswerInbox.Pm answer : answers) {
                    if (answer.pluginAnswer()) {
                        byNumber.computeIfAbsent(answer.number(), n -> new ArrayList<>())
                                .add(answer);
                    }
                }
                // the EventFilter's answers name no number: they stand for the oldest commands without one
                int unnumbered =
                        (int) answers.stream().filter(a -> !a.pluginAnswer()).count();
                for (AnswerInbox.Pm ask : asks) {
                    List<AnswerInbox.Pm> got = byNumber.getOrDefault(ask.number(), List.of());
                    if (got.isEmpty() && unnumbered > 0) {
                        unnumbered--;
                        continue;
                    }
                    if (got.isEmpty()) {
                        lost++;
                        faults.put(ask.text(), "lost");
                        continue;
                    }
                    latencies.add(got.get(0).micros() - ask.micros());
                    if (got.size() > 1) {
                        duplicated += got.size() - 1;
                        faults.put(ask.text(), got.size() + " answers");
                    }
                }
                duplicated += unnumbered;
            } else {
                for (int i = 0; i < Math.min(asks.size(), answers.size()); i++) {
                    latencies.add(answers.get(i).micros() - asks.get(i).micros());
                }
                if (asks.size() > answers.size()) {
                    lost += asks.size() - answers.size();
                    faults.put(kind.word(), (asks.size() - answers.size()) + " lost");
                } else if (answers.size() > asks.size()) {
                    duplicated += answers.size() - asks.size();
                    faults.put(kind.word(), (answers.size() - asks.size()) + " too many answers");
                }
            }
        }
        return new CommandTally(
                sent,
                relayed,
                lost,
                duplicated,
                List.copyOf(other),
                List.copyOf(inbox.unsorted()),
                List.copyOf(latencies),
                Map.copyOf(faults),
                inbox.cooldowns());
    }

    /** This and {@code other} together (another user's commands). */
    CommandTally plus(CommandTally other) {
        List<String> notPlugin = new ArrayList<>(notPluginAnswers);
        notPlugin.addAll(other.notPluginAnswers);
        List<String> unsortedBoth = new ArrayList<>(unsorted);
        unsortedBoth.addAll(other.unsorted);
        List<Long> latencies = new ArrayList<>(latencyMicros);
        latencies.addAll(other.latencyMicros);
        Map<String, String> faults = new HashMap<>(lostOrDuplicated);
        other.lostOrDuplicated.forEach((k, v) -> faults.merge(k, v, (a, b) -> a + "; " + b));
        return new CommandTally(
                sent + other.sent,
                relayed + other.relayed,
                lost + other.lost,
                duplicated + other.duplicated,
                List.copyOf(notPlugin),
                List.copyOf(unsortedBoth),
                List.copyOf(latencies),
                Map.copyOf(faults),
                cooldowns + other.cooldowns);
    }

    /** The p-th percentile of the latencies, in ms (-1: none). */
    long percentileMillis(int p) {
        if (latencyMicros.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(latencyMicros);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000;
    }
}
