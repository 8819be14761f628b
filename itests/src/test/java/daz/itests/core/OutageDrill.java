package daz.itests.core;

import daz.itests.PacedSender;
import daz.itests.cytube.ConnectionEvent;
import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.List;

/**
 * A server outage as channel users live it: the stand-in's CyTube side goes down for a while and comes back on the
 * same port; a user who joins once it is back asks {@code !uptime} every 100 ms until the bot answers. The measure is
 * from the stand-in listening again ({@code server-start} in its connection log) to that user receiving the bot's
 * answer, both on the stand-in's clock; asking every 100 ms adds up to 100 ms to it.
 */
final class OutageDrill {

    private static final Duration ASK_EVERY = Duration.ofMillis(100);

    private final CytubeStandin standin;
    private final String channel;
    private final String bot;
    private int users;

    OutageDrill(CytubeStandin standin, String channel, String bot) {
        this.standin = standin;
        this.channel = channel;
        this.bot = bot;
    }

    /** One outage of {@code down}; returns the milliseconds from the server's return to the bot's answer. */
    long outage(Duration down, Duration answerDeadline) {
        standin.restartCytube(down);
        List<ConnectionEvent> starts = standin.connections("server-start");
        long back = starts.get(starts.size() - 1).time();
        return answered(answerDeadline) - back;
    }

    /**
     * A user joins and asks until the bot answers; returns when the answer arrived (epoch ms, the stand-in's clock).
     * A new user each time: the command's cooldown and the spam limit are per user.
     */
    long answered(Duration deadline) {
        User asker = standin.user(channel, "asker" + (++users));
        long since = asker.cursor();
        try (PacedSender asking =
                PacedSender.start("ask-uptime", Integer.MAX_VALUE, ASK_EVERY, i -> asker.chat("!uptime"))) {
            return asker.awaitMessage(since, r -> r.is("chatMsg") && bot.equalsIgnoreCase(r.username()), deadline)
                    .time();
        } finally {
            asker.remove();
        }
    }
}
