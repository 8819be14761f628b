package daz.itests.eventfilter;

import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The second asker of the reload scenario: a moderator of the channel (rank 2) and an admin of the bot, who asks one
 * command by PM the moment an update is done (the probe) and reads the answer in an inbox of its own. It asks only
 * when the scenario says, never on the load's schedule, and CyTube's flood limit is per user, so neither the load's
 * commands nor its budget delay a probe (a probe every update is far below 10 a second).
 */
final class ProbeAsker {

    /** Its name; the bot's EventFilter must list it among its {@code admins}, as the load's asker. */
    static final String NAME = "pia";

    private final User user;
    private final String bot;
    private final AnswerInbox inbox;
    private final List<CommandKind> kinds;
    private final Map<CommandKind, Integer> asked = new HashMap<>();

    private ProbeAsker(User user, String bot, List<CommandKind> kinds) {
        this.user = user;
        this.bot = bot;
        this.kinds = List.copyOf(kinds);
        this.inbox = new AnswerInbox(user, bot, this.kinds);
    }

    /**
     * The lines of {@code etc/daz.eventfilter.cfg} that make {@code asker} and the prober admins (no cooldowns) with
     * this spam limit: typed values, the only way a {@code .cfg} gives an array (FileInstall reads a file whose values
     * are all typed as such; {@code admins = a,b} would be one admin named "a,b").
     */
    static String[] eventFilterConfiguration(String asker, int spamCommands) {
        return new String[] {
            "admins = [\"" + asker + "\",\"" + NAME + "\"]", "spam.commands = I\"" + spamCommands + "\""
        };
    }

    /** Gives {@link #NAME} an account, rank 2 in {@code channel}, and joins it there. */
    static ProbeAsker join(CytubeStandin standin, String channel, String bot, List<CommandKind> kinds) {
        standin.account(NAME, "probe-pw", 1);
        standin.setRank(channel, NAME, 2);
        return new ProbeAsker(standin.user(channel, NAME, "probe-pw"), bot, kinds);
    }

    /** Asks one command of {@code kind} now. */
    synchronized ReloadTraffic.Asked ask(CommandKind kind) {
        int number = asked.merge(kind, 1, Integer::sum) - 1;
        long at = System.currentTimeMillis();
        user.pm(bot, kind.ask().apply(number));
        return new ReloadTraffic.Asked(number, at);
    }

    /** Probes of {@code kind} asked so far. */
    synchronized int asked(CommandKind kind) {
        return asked.getOrDefault(kind, 0);
    }

    /** Reads its PMs until {@code condition} holds or the timeout passes; whether it holds. */
    boolean readUntil(Duration timeout, BooleanSupplier condition) {
        return inbox.readUntil(timeout, condition);
    }

    /** The answer to the probe {@code asked}, once it came. */
    Optional<AnswerInbox.Pm> answerTo(CommandKind kind, ReloadTraffic.Asked asked) {
        return inbox.answerTo(kind, asked);
    }

    /** Waits (at most {@code timeout}) for an answer to every probe, then counts. */
    CommandTally tally(Duration timeout) {
        inbox.readUntil(
                timeout,
                () -> kinds.stream()
                        .allMatch(k -> inbox.asks(k).size() >= asked(k)
                                && inbox.answers(k).size() >= inbox.asks(k).size()));
        return CommandTally.of(kinds, this::asked, inbox);
    }
}
