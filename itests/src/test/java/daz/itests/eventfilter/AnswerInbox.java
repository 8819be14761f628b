package daz.itests.eventfilter;

import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The asker's PMs as the stand-in delivered them, read as they come (long polls from a cursor, never twice): its own
 * commands as the server relayed them to the bot (the echo CyTube sends the sender) and the bot's answers, each sorted
 * to its {@link CommandKind}. One thread reads it at a time.
 */
final class AnswerInbox {

    /** One PM: the number it asks or answers (-1: none it repeats), when it arrived (epoch ms and µs). */
    record Pm(int number, boolean pluginAnswer, String text, long millis, long micros) {}

    private final User asker;
    private final String bot;
    private final List<CommandKind> kinds;
    private final Map<CommandKind, List<Pm>> asks = new HashMap<>();
    private final Map<CommandKind, List<Pm>> answers = new HashMap<>();
    private final List<String> unsorted = new ArrayList<>();
    private long cursor;
    private int cooldowns;

    AnswerInbox(User asker, String bot, List<CommandKind> kinds) {
        this.asker = asker;
        this.bot = bot;
        this.kinds = kinds;
        this.cursor = asker.cursor();
        kinds.forEach(k -> {
            asks.put(k, new ArrayList<>());
            answers.put(k, new ArrayList<>());
        });
    }

    /** Reads what came until {@code condition} holds or the timeout passes; whether it holds. */
    boolean readUntil(Duration timeout, BooleanSupplier condition) {
        if (condition.getAsBoolean()) {
            return true;
        }
        try {
            Received last = asker.awaitMessage(
                    cursor,
                    "pm,cooldown",
                    r -> {
                        take(r);
                        cursor = r.index() + 1;
                        return condition.getAsBoolean();
                    },
                    timeout);
            cursor = last.index() + 1;
            return true;
        } catch (AssertionError timedOut) {
            return condition.getAsBoolean();
        }
    }

    private void take(Received r) {
        if (r.is("cooldown")) {
            cooldowns++;
            return;
        }
        if (!r.is("pm") || r.msg() == null) {
            return;
        }
        String text = r.msg();
        if (bot.equalsIgnoreCase(r.username())) {
            for (CommandKind kind : kinds) {
                Optional<Integer> number = kind.answerNumber(text);
                if (number.isPresent()) {
                    answers.get(kind).add(new Pm(number.get(), kind.isPluginAnswer(text), text, r.time(), r.micros()));
                    return;
                }
            }
            unsorted.add(text);
        } else if (asker.name().equalsIgnoreCase(r.username())) {
            for (CommandKind kind : kinds) {
                if (text.equals("!" + kind.word()) || text.startsWith("!" + kind.word() + " ")) {
                    int number = kind.numbered() ? Integer.parseInt(text.replaceAll("\\D", "")) : -1;
                    asks.get(kind).add(new Pm(number, false, text, r.time(), r.micros()));
                    return;
                }
            }
        }
    }

    /** The commands of {@code kind} the server relayed to the bot, in order. */
    List<Pm> asks(CommandKind kind) {
        return asks.get(kind);
    }

    /** The bot's answers to {@code kind}, in order. */
    List<Pm> answers(CommandKind kind) {
        return answers.get(kind);
    }

    /** How often the server refused one of the asker's PMs as over its flood limit. */
    int cooldowns() {
        return cooldowns;
    }

    /** Answers that were none of the kinds'. */
    List<String> unsorted() {
        return unsorted;
    }

    /** The answer to the command of {@code kind} asked as {@code asked}, once it came. */
    Optional<Pm> answerTo(CommandKind kind, ReloadTraffic.Asked asked) {
        List<Pm> all = answers.get(kind);
        if (kind.numbered()) {
            return all.stream().filter(a -> a.number() == asked.number()).findFirst();
        }
        // in order: the answer as far down the list as the question is among those the server relayed
        List<Pm> questions = asks.get(kind);
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).millis() >= asked.sentAtMillis() - 20) {
                return i < all.size() ? Optional.of(all.get(i)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
