package daz.itests.trackers;

import static org.junit.Assert.assertTrue;

import daz.api.cytube.ConnectionState.Phase;
import daz.itests.Await;
import daz.itests.TestDatabase;
import daz.itests.core.CytubeITSupport;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Received;
import daz.itests.cytube.Target;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * Base of the tracker plugins' tests: the bot {@code dazbot} (rank 2) in stand-in channels, users who ask it commands
 * in chat or by PM and read its answer, and the plugins' tables read directly.
 */
public abstract class TrackerITSupport extends CytubeITSupport {

    protected static final String BOT = "dazbot";
    protected static final Duration READY = Duration.ofSeconds(20);
    protected static final Duration ANSWER = Duration.ofSeconds(10);
    /** A duration as the answers give it: {@code 5s}, {@code 1m 5s}, {@code 2h 3m}. */
    protected static final String TIME = "[0-9dhms ]+";
    /** The EventFilter's admin: no cooldowns, so one user can ask everything in a row. */
    protected static final String ASKER = "quinn";
    /** The plugins with a schema of their own. */
    private static final List<String> TRACKERS =
            List.of("daz.plugin.usertracker", "daz.plugin.mediatracker", "daz.plugin.analytics");

    @Override
    protected Option[] testOptions() {
        writeConfiguration(workDirectory(getClass()), "daz.eventfilter", "admins = " + ASKER, "spam.commands = 1000");
        return new Option[0];
    }

    /** Creates a registered channel (with these backlog lines, user and text in turn) and puts the bot in it. */
    protected void botIn(String channel, String... backlog) {
        ChannelConfig config = ChannelConfig.registered(channel).account(BOT, "pw", 2);
        for (int i = 0; i + 1 < backlog.length; i += 2) {
            config.backlog(backlog[i], backlog[i + 1]);
        }
        standin.createChannel(config);
        configureChannel(channel, "user = " + BOT, "password = pw");
        awaitPhase(channel, Phase.READY, READY);
        TRACKERS.forEach(this::awaitSchemaReady);
    }

    /** The server drops the bot's link; waits until it is back in the channel. */
    protected void reconnectBot(String channel) {
        standin.disconnect(Target.name(BOT, channel), true);
        Await.until(
                READY,
                "the bot gone from " + channel,
                () -> channelState(channel)
                        .map(s -> s.connection().phase() != Phase.READY)
                        .orElse(true));
        awaitPhase(channel, Phase.READY, READY);
    }

    /** {@code user} says {@code line} in the chat; returns the bot's next chat line (as the server relays it). */
    protected String ask(User user, String line) {
        long since = user.cursor();
        user.chat(line);
        return user.awaitMessage(since, r -> r.is("chatMsg") && BOT.equalsIgnoreCase(r.username()), ANSWER)
                .msg();
    }

    /** {@code user} sends {@code line} to the bot by PM; returns the bot's next PM to them. */
    protected String askPrivately(User user, String line) {
        long since = user.cursor();
        user.pm(BOT, line);
        return user.awaitMessage(since, r -> r.is("pm") && BOT.equalsIgnoreCase(r.username()), ANSWER)
                .msg();
    }

    protected static void assertMatches(String pattern, String actual) {
        assertTrue("'" + actual + "' matches " + pattern, actual != null && actual.matches(pattern));
    }

    /** The first column of the first row of a query in this class's database (null when there is no row). */
    protected Object value(String sql) {
        try {
            return TestDatabase.ofThisClass().value(sql);
        } catch (java.sql.SQLException e) {
            return "error: " + e.getMessage();
        }
    }

    /** Waits until a query's single value is {@code expected} (compared as text). */
    protected void awaitValue(String sql, Object expected) {
        Await.until(
                ANSWER,
                sql + " = " + expected + " (now " + value(sql) + ")",
                () -> String.valueOf(expected).equals(String.valueOf(value(sql))));
    }

    /** Whether a bot's line was received (for tests that expect none). */
    protected static boolean fromBot(Received r) {
        return BOT.equalsIgnoreCase(r.username());
    }
}
