package daz.itests.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.ConnectionState.Phase;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Json;
import daz.itests.cytube.LogQuery;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Back in the channel soon after the server returns, without hammering it: while the server cannot be reached the bot
 * only probes discovery (which costs no attempt), so a long outage leaves it no slower than a short one and never in
 * cooldown; attempts that reach the server and fail still back off and cool down. The channels use the shipped
 * backoff (1 s doubling to 2 min), under which the old behaviour waited up to a minute after a 90 s outage.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CytubeRejoinIT extends CytubeITSupport {

    private static final Duration READY = Duration.ofSeconds(20);
    /** Generous: the goal is 2 s (see {@code itests/benchmarks/run rejoin}); this only says the bot came back. */
    private static final Duration ANSWER = Duration.ofSeconds(20);

    @Test
    public void afterAnEightSecondOutageTheBotAnswersAgainWithoutFloodingConnections() {
        rejoinsAfter("brief", Duration.ofSeconds(8));
    }

    @Test
    public void afterANinetySecondOutageTheBotAnswersAgainNeitherCooledDownNorBackedOff() {
        rejoinsAfter("long", Duration.ofSeconds(90));
    }

    @Test
    public void aRefusedLoginStillBacksOffAndCoolsDown() {
        standin.createChannel(ChannelConfig.registered("busy").account("dazbot", "pw", 1));
        standin.config(Json.obj("refuseLogin", "The server is busy, try again later"));
        configureChannel("busy", "user = dazbot", "password = pw", "reconnect.attempts = 3", "cooldown.seconds = 600");
        ChannelState state = awaitPhase("busy", Phase.COOLDOWN, Duration.ofSeconds(30));

        assertEquals(3, state.connection().attempts());
        assertTrue(
                "cooling down for the configured 10 minutes",
                state.connection().retryAt().orElseThrow().isAfter(Instant.now().plusSeconds(500)));
        assertEquals("three logins, one per attempt", 3, logins());
        long waits = states("busy").stream()
                .filter(s -> s.phase() == Phase.WAITING)
                .map(ConnectionState::attempts)
                .distinct()
                .count();
        assertEquals("a backoff after the first and the second failure", 2, waits);
        assertTrue("at most 5 new connections in any 10 s", standin.maxNewConnections(Duration.ofSeconds(10)) <= 5);
        assertEquals("still three logins", 3, logins());
        assertEquals(
                Phase.COOLDOWN, channelState("busy").orElseThrow().connection().phase());
    }

    private void rejoinsAfter(String channel, Duration down) {
        standin.createChannel(ChannelConfig.registered(channel).account("dazbot", "pw", 1));
        configureChannel(
                channel, "user = dazbot", "password = pw", "backoff.initial.ms = 1000", "backoff.max.ms = 120000");
        awaitPhase(channel, Phase.READY, READY);
        OutageDrill drill = new OutageDrill(standin, channel, "dazbot");
        drill.answered(ANSWER); // the bot answers before the outage

        long took = drill.outage(down, ANSWER);

        System.out.println("CytubeRejoinIT: answered " + took + " ms after a " + down.toSeconds() + " s outage");
        assertTrue("at most 5 new connections in any 10 s", standin.maxNewConnections(Duration.ofSeconds(10)) <= 5);
        assertTrue("never in cooldown", states(channel).stream().noneMatch(s -> s.phase() == Phase.COOLDOWN));
        assertTrue(
                "the outage was one failed attempt, however long: "
                        + states(channel).stream()
                                .mapToInt(ConnectionState::attempts)
                                .max()
                                .orElse(0),
                states(channel).stream().allMatch(s -> s.attempts() <= 2));
    }

    private int logins() {
        return standin.count(LogQuery.in().event("login"));
    }
}
