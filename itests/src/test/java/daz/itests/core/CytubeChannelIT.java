package daz.itests.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.OutgoingChat;
import daz.api.cytube.User;
import daz.itests.Await;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Received;
import daz.itests.cytube.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** The bot in channels of the CyTube stand-in: login, channel state, events on the bus, long replies, bad input. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CytubeChannelIT extends CytubeITSupport {

    private static final Duration READY = Duration.ofSeconds(15);

    @Override
    protected String[] standinOptions() {
        return new String[] {"--guest-login-delay", "2"};
    }

    @Test
    public void aRegisteredBotAndAGuestSitInTwoChannelsAtOnce() throws Exception {
        standin.createChannel(ChannelConfig.registered("lobby")
                .account("dazbot", "s3cret!", 2)
                .media("dQw4w9WgXcQ", "Never Gonna", 212));
        standin.createChannel(ChannelConfig.unregistered("annex"));
        standin.user("lobby", "alice");

        configureChannel("lobby", "user = dazbot", "password = s3cret!");
        configureChannel("annex", "user = dazguest");

        ChannelState lobby = awaitPhase("lobby", Phase.READY, READY);
        ChannelState annex = awaitPhase("annex", Phase.READY, READY);

        assertEquals("dazbot", lobby.botName().orElseThrow());
        // CyTube sends the channel rank after the login's answer, so it may follow READY by a frame or two
        Await.until(Duration.ofSeconds(5), "the registered bot with its channel rank 2", () -> lobby.botRank() == 2);
        assertEquals(0, annex.botRank());
        assertEquals("dazguest", annex.botName().orElseThrow());
        Await.until(
                Duration.ofSeconds(5),
                "alice and the bot in the lobby's user list",
                () -> lobby.users().stream().map(User::name).toList().containsAll(List.of("alice", "dazbot")));
        assertEquals("Never Gonna", lobby.currentMedia().orElseThrow().title());

        String table = shell("daz:channels");
        assertTrue(table, table.contains("lobby") && table.contains("annex") && table.contains("ready"));
        assertTrue("the password is never logged", logLines("s3cret!").isEmpty());
        assertFalse(
                "connecting, joining, logging in, ready were published",
                states("lobby").isEmpty());
        assertEquals(
                Phase.READY, states("lobby").get(states("lobby").size() - 1).phase());
    }

    @Test
    public void theReplayedBacklogIsMarkedOnEveryJoinAndAfterARestart() throws Exception {
        standin.createChannel(ChannelConfig.registered("history")
                .account("dazbot", "pw", 1)
                .backlog("alice", "old line one")
                .backlog("bob", "old line &lt;two&gt;"));
        configureChannel("history", "user = dazbot", "password = pw");
        awaitPhase("history", Phase.READY, READY);
        assertTrue(events.chat("history", "old line one").stream().allMatch(CytubeEvent::replayed));
        assertEquals(1, events.chat("history", "old line <two>").size());

        var carol = standin.user("history", "carol");
        carol.chat("a live line");
        Await.until(
                Duration.ofSeconds(5),
                "the live line",
                () -> !events.chat("history", "a live line").isEmpty());
        assertFalse(events.chat("history", "a live line").get(0).replayed());

        // the server drops the bot: on the rejoin the backlog (the live line included) comes again, replayed
        standin.disconnect(Target.name("dazbot"), true);
        Await.until(
                READY,
                "the live line replayed after the reconnect",
                () -> events.chat("history", "a live line").size() >= 2);
        awaitPhase("history", Phase.READY, READY);

        // a runtime restart within seconds: stop and start daz.core
        Bundle core = coreBundle();
        core.stop();
        core.start();
        Await.until(
                READY,
                "the live line replayed after the restart",
                () -> events.chat("history", "a live line").size() >= 3);
        awaitPhase("history", Phase.READY, READY);
        assertEquals(
                "only the first arrival of the live line is live",
                1,
                events.chat("history", "a live line").stream()
                        .filter(e -> !e.replayed())
                        .count());
        assertEquals(
                "backlog lines are never live",
                0,
                events.chat("history", "old line one").stream()
                        .filter(e -> !e.replayed())
                        .count());
    }

    @Test
    public void unknownEventsReachTheBusRawAndBadFramesAreSkipped() throws Exception {
        standin.createChannel(ChannelConfig.registered("rough").account("dazbot", "pw", 1));
        configureChannel("rough", "user = dazbot", "password = pw");
        awaitPhase("rough", Phase.READY, READY);
        String sidBefore = botSid();

        standin.emitToChannel("rough", "someNewEvent", Map.of("x", List.of(1, 2)));
        Await.until(
                Duration.ofSeconds(5),
                "the unknown event",
                () -> !events.cytube("rough", "someNewEvent").isEmpty());
        CytubeEvent unknown = events.cytube("rough", "someNewEvent").get(0);
        assertEquals("{\"x\":[1,2]}", unknown.raw());
        assertTrue(unknown.typed().isEmpty());

        Target bot = Target.name("dazbot");
        standin.inject(
                bot,
                "4garbage",
                "42[\"chatMsg\",{\"username\":\"alice\",\"msg\":\"trunc",
                "42[1,2]",
                "42[\"chatMsg\",{\"username\":5,\"msg\":[\"x\"],\"time\":\"soon\"}]",
                "42[\"userlist\",{\"not\":\"a list\"}]",
                "42[\"rank\",\"high\"]",
                "9",
                "",
                "42[\"x\"," + "[".repeat(5000) + "]",
                "42[\"a.b c\",{}]",
                "42[\"big\",\"" + "y".repeat(1024 * 1024 - 20) + "\"]");
        standin.injectTextBytes(
                bot, new byte[] {'4', '2', '[', '"', 'x', '"', ',', '"', (byte) 0xc3, (byte) 0x28, '"', ']'});
        standin.injectBinary(bot, new byte[] {4, 2, 0, (byte) 0xff});
        standin.inject(
                bot, "42[\"chatMsg\",{\"username\":\"alice\",\"msg\":\"after the corpus\",\"meta\":{},\"time\":1}]");

        Await.until(
                Duration.ofSeconds(10),
                "the line after the corpus",
                () -> !events.chat("rough", "after the corpus").isEmpty());
        assertEquals("the connection survived", sidBefore, botSid());
        assertEquals(
                Phase.READY, channelState("rough").orElseThrow().connection().phase());
        assertEquals(
                "a 1 MiB event got through", 1, events.cytube("rough", "big").size());
        assertEquals(
                "an odd name is published under a safe topic",
                1,
                events.cytube("rough", "a.b c").size());
        assertTrue(
                "wrong types were not published",
                events.cytube("rough", "rank").stream().noneMatch(e -> e.raw().contains("high")));
        assertFalse(
                "skipped frames are logged with the channel",
                logLines("Channel rough: skipped").isEmpty());
    }

    @Test
    public void aLongReplyArrivesWholeInSeveralLines() throws Exception {
        standin.createChannel(ChannelConfig.registered("talk").account("dazbot", "pw", 1));
        configureChannel("talk", "user = dazbot", "password = pw");
        awaitPhase("talk", Phase.READY, READY);
        var dave = standin.user("talk", "dave");

        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2000; i++) {
            text.append("word").append(i).append(' ');
        }
        String reply = text.toString().strip();
        bus.publish(OutgoingChat.TOPIC, new OutgoingChat("talk", reply));

        List<String> lines = new ArrayList<>();
        Await.until(Duration.ofSeconds(10), "the whole reply", () -> {
            lines.clear();
            for (Received r : dave.received("chatMsg")) {
                if ("dazbot".equals(r.username())) {
                    lines.add(r.msg());
                }
            }
            return String.join(" ", lines).length() >= reply.length();
        });
        assertTrue("several lines: " + lines.size(), lines.size() >= 7);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 320));
        assertEquals(reply, String.join(" ", lines));
    }

    @Test
    public void idleInOneChannelDazRunsAtMost25ThreadsOfItsOwnAndTheChannelsGoWithIt() throws Exception {
        standin.createChannel(ChannelConfig.unregistered("quiet"));
        configureChannel("quiet", "user = dazquiet");
        awaitPhase("quiet", Phase.READY, READY);

        String idle = Await.value(
                Duration.ofSeconds(10),
                "at most 25 threads of ours, each named for its bundle (the channels of earlier tests gone)",
                () -> {
                    String table = threads();
                    return ourThreads(table).size() <= 25
                                    && ourThreads(table).stream().noneMatch(row -> row.endsWith(" ?"))
                            ? table
                            : null;
                });
        System.out.println("daz:threads idle in one channel:\n" + idle);
        assertTrue(idle, ourThreads(idle).stream().anyMatch(row -> row.startsWith("daz-core-quiet-link ")));

        removeChannel("quiet");
        Await.until(
                Duration.ofSeconds(10),
                "the channel's threads stopped with its connection",
                () -> ourThreads(threads()).stream().noneMatch(row -> row.startsWith("daz-core-quiet-")));
    }

    private String threads() {
        try {
            return shell("daz:threads");
        } catch (Exception e) {
            throw new AssertionError("daz:threads failed", e);
        }
    }

    private static List<String> ourThreads(String table) {
        return table.lines()
                .filter(row -> row.startsWith("daz-"))
                .map(String::strip)
                .toList();
    }

    private String botSid() {
        return standin.clients().stream()
                .filter(c -> "dazbot".equals(c.get("name")))
                .map(c -> (String) c.get("sid"))
                .findFirst()
                .orElse(null);
    }

    private Bundle coreBundle() {
        for (Bundle b : context.getBundles()) {
            if ("daz.core".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no daz.core bundle");
    }
}
