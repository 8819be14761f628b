package daz.itests.eventfilter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.api.bus.EventHandler;
import daz.api.cytube.ConnectionState.Phase;
import daz.itests.Await;
import daz.itests.PacedSender;
import daz.itests.TestDatabase;
import daz.itests.core.CytubeITSupport;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;

/**
 * Command bundles replaced or stopped while the bot runs, and no command lost or answered twice: updating help from
 * the shell, and updating the EventFilter itself, while a user sends a command every 20 ms; stopping the EventFilter,
 * which pauses replies while the chat is still logged, and answers what was said meanwhile once it is back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotReloadIT extends CytubeITSupport {

    private static final int COMMANDS = 60;

    /** As often as CyTube lets a user chat after its burst (one line per 100 ms), and a margin. */
    private static final Duration PERIOD = Duration.ofMillis(110);

    private static final Duration ANSWER = Duration.ofSeconds(10);

    private static final int TIMEOUT_SECONDS = 3;

    private static final Pattern HELD =
            Pattern.compile("(?m)^daz\\.eventfilter\\.commands\\s+away\\s.*\\s(\\d+)\\s+(\\d+)\\s*$");

    @Override
    protected Option[] testOptions() {
        // an admin skips cooldowns, and the spam limit is out of the way: every command is to be answered; a plugin
        // that is not back within 3 s is "being updated"
        writeConfiguration(
                workDirectory(getClass()),
                "daz.eventfilter",
                "admins = hotuser",
                "spam.commands = 1000000",
                "command.timeout.seconds = " + TIMEOUT_SECONDS);
        return new Option[0];
    }

    @Test
    public void updatingHelpAnswersEveryCommandOnce() throws Exception {
        everyCommandAnsweredOnceWhileUpdating("hot", "daz.plugin.help", 3);
    }

    @Test
    public void updatingTheEventFilterAnswersEveryCommandOnce() throws Exception {
        everyCommandAnsweredOnceWhileUpdating("hotfilter", "daz.eventfilter", 3);
    }

    /**
     * A user sends {@code !help x<i>} every 110 ms while the shell updates {@code symbolicName} {@code updates} times:
     * every command the channel relayed is answered exactly once ({@code No command !x<i>.}, from help).
     */
    private void everyCommandAnsweredOnceWhileUpdating(String channel, String symbolicName, int updates)
            throws Exception {
        standin.createChannel(ChannelConfig.registered(channel).account("dazbot", "pw", 2));
        configureChannel(channel, "user = dazbot", "password = pw");
        awaitPhase(channel, Phase.READY, Duration.ofSeconds(20));
        User user = standin.user(channel, "hotuser");
        long since = user.cursor();

        Bundle bundle = bundle(symbolicName);
        int lastUpdateAt;
        try (PacedSender sender = PacedSender.start("hotuser", COMMANDS, PERIOD, i -> user.chat("!help x" + i))) {
            for (int u = 0; u < updates; u++) {
                int from = sender.sent();
                Await.until(Duration.ofSeconds(10), "some commands sent", () -> sender.sent() >= from + 8);
                shell("update " + bundle.getBundleId());
                Await.until(
                        Duration.ofSeconds(10),
                        "the EventFilter listening and help registered",
                        () -> commandFilterRegistered() && helpRegistered());
            }
            lastUpdateAt = sender.sent();
            sender.awaitDone(Duration.ofSeconds(30));
        }
        assertTrue(
                "the updates finished while commands were still sent (" + lastUpdateAt + ")", lastUpdateAt < COMMANDS);

        // should the server's per-user flood limit (burst 20, then 10/s) drop a line, the commands that count are
        // those the channel relayed, before, during and after the updates
        List<String> relayed = Await.value(Duration.ofSeconds(10), "the sender's last line relayed", () -> {
            List<Integer> numbers = relayed(user, since);
            return numbers.isEmpty() || numbers.get(numbers.size() - 1) < COMMANDS - 5
                    ? null
                    : numbers.stream().map(i -> "x" + i).toList();
        });
        Await.until(
                Duration.ofSeconds(40),
                "every command relayed answered: " + relayed,
                () -> replies(user, since).keySet().containsAll(relayed));
        // a last command, from another user (the sender may be at its flood limit): once its answer is in, any second
        // answer to an earlier one would be too (one handler, in order, one pacer)
        standin.user(channel, "sentinel").chat("!help sentinel");
        user.awaitChat("dazbot", m -> m.startsWith("No command !sentinel"), ANSWER);
        Map<String, Long> replies = replies(user, since);
        List<String> duplicated = replies.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        assertEquals("no command answered twice", List.of(), duplicated);
        // all the sender's lines are relayed by now (the last may have come after the wait above)
        Set<String> allRelayed = relayed(user, since).stream().map(i -> "x" + i).collect(Collectors.toSet());
        assertEquals("an answer to each command relayed, and to none other", allRelayed, replies.keySet());
    }

    @Test
    public void aCommandWhosePluginIsNotBackInTimeGetsOneClearAnswerAndAnUnknownOneNone() throws Exception {
        standin.createChannel(ChannelConfig.registered("late").account("dazbot", "pw", 2));
        configureChannel("late", "user = dazbot", "password = pw");
        awaitPhase("late", Phase.READY, Duration.ofSeconds(20));
        User user = standin.user("late", "hotuser");
        long since = user.cursor();

        Bundle uptime = bundle("daz.plugin.uptime");
        uptime.stop();
        try {
            user.chat("!uptime");
            user.awaitChat("dazbot", m -> m.contains("!uptime is being updated"), ANSWER);
            user.chat("!nosuchcommand");
        } finally {
            uptime.start();
        }
        // the request the bus held for the plugin reaches it when it is back: its late answer is not said
        Await.until(ANSWER, "uptime registered again", () -> commandRegistered("uptime"));
        user.chat("!uptime");
        user.awaitChat("dazbot", m -> m.startsWith("Bot up"), ANSWER);
        assertEquals(
                "one clear answer while the plugin was away, none to the unknown command, the next !uptime answered",
                2,
                botLines(user, since).size());
        assertEquals(
                "hotuser: !uptime is being updated; try again in a moment.",
                botLines(user, since).get(0));
    }

    @Test
    public void stoppingTheEventFilterPausesRepliesWhileChatLinesAreStillStored() throws Exception {
        standin.createChannel(ChannelConfig.registered("pause").account("dazbot", "pw", 2));
        configureChannel("pause", "user = dazbot", "password = pw");
        awaitPhase("pause", Phase.READY, Duration.ofSeconds(20));
        User jack = standin.user("pause", "hotuser");
        // one command answered first: the channel's READY event, which the bus hands the EventFilter after the
        // channel's service says READY, has then reached it, and only the lines said while it is stopped are held
        awaitCommandsListening();
        jack.chat("!help before");
        jack.awaitChat("dazbot", m -> m.startsWith("No command !before"), ANSWER);
        long start = System.currentTimeMillis(); // rows of this test only, whatever an old journal holds
        long since = jack.cursor();

        Bundle eventfilter = bundle("daz.eventfilter");
        eventfilter.stop();
        List<String> saidWhileStopped = List.of("!help", "!help paused", "a line while commands pause");
        try {
            for (String line : saidWhileStopped) {
                jack.chat(line);
            }
            Await.until(
                    ANSWER,
                    "the lines in daz_sql.chat_log",
                    () -> storedLines("pause", "hotuser", start).size() >= saidWhileStopped.size());
            assertEquals("each line stored once", saidWhileStopped, storedLines("pause", "hotuser", start));
            // the bus holds them for the EventFilter's chat handler: nothing answers them while it is stopped
            Matcher held = HELD.matcher(shell("daz:bus"));
            assertTrue("the EventFilter's lines held on the bus", held.find());
            assertEquals("lines held for the EventFilter", "3", held.group(1));
            assertEquals("no reply while the EventFilter is stopped", List.of(), botLines(jack, since));
        } finally {
            eventfilter.start();
        }

        // back within the bus's hold time: the commands said meanwhile are answered, once each, in order
        awaitCommandsListening();
        jack.chat("!help sentinel");
        jack.awaitChat("dazbot", m -> m.startsWith("No command !sentinel"), ANSWER);
        List<String> answers = botLines(jack, since);
        assertEquals("three answers: " + answers, 3, answers.size());
        assertTrue(answers.get(0), answers.get(0).startsWith("Commands:"));
        assertTrue(answers.get(1), answers.get(1).startsWith("No command !paused"));
        String status = shell("daz:status");
        for (String plugin : List.of("daz.eventfilter", "daz.plugin.about", "daz.plugin.help", "daz.plugin.uptime")) {
            assertTrue(plugin + " in daz:status:\n" + status, status.contains(plugin));
        }
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
    }

    /** Whether the EventFilter's chat handler is registered, so the bus hands it the next line. */
    private boolean commandFilterRegistered() {
        try {
            return !context.getServiceReferences(EventHandler.class, "(component.name=daz.eventfilter.CommandFilter)")
                    .isEmpty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is constant
        }
    }

    private void awaitCommandsListening() {
        Await.until(
                ANSWER,
                "the EventFilter listening and help registered",
                () -> commandFilterRegistered() && helpRegistered());
    }

    private boolean helpRegistered() {
        return commandRegistered("help");
    }

    /** The texts of a user's lines in daz_sql.chat_log from {@code since} (epoch ms) on, in order. */
    private static List<String> storedLines(String channel, String username, long since) {
        List<String> lines = new ArrayList<>();
        try (Connection c = TestDatabase.ofThisClass().connect();
                PreparedStatement s = c.prepareStatement("SELECT text FROM daz_sql.chat_log"
                        + " WHERE channel = ? AND username = ? AND time >= ? ORDER BY id")) {
            s.setString(1, channel);
            s.setString(2, username);
            s.setLong(3, since);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            return List.of(); // not migrated yet: "not yet" to an await
        }
        return lines;
    }

    /** What the bot said in the channel, as a user there received it from {@code since} on. */
    private static List<String> botLines(User user, long since) {
        return user.received("chatMsg").stream()
                .filter(r -> r.index() >= since && "dazbot".equals(r.username()))
                .map(Received::msg)
                .toList();
    }

    /** The numbers of the sender's commands the channel relayed, in order. */
    private static List<Integer> relayed(User user, long since) {
        return user.received("chatMsg").stream()
                .filter(r -> r.index() >= since
                        && "hotuser".equals(r.username())
                        && r.msg().startsWith("!help x"))
                .map(r -> Integer.parseInt(r.msg().substring("!help x".length())))
                .toList();
    }

    /** How often the bot answered each {@code x<i>}. */
    private static Map<String, Long> replies(User user, long since) {
        return user.received("chatMsg").stream()
                .filter(r -> r.index() >= since
                        && "dazbot".equals(r.username())
                        && r.msg().startsWith("No command !x"))
                .map(Received::msg)
                .map(m -> m.substring("No command !".length(), m.indexOf('.')))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
