package daz.itests.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.ConnectionState.Phase;
import daz.itests.Await;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.ConnectionEvent;
import daz.itests.cytube.LogQuery;
import daz.itests.cytube.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** What goes wrong: wrong credentials, unknown channels, a server restart, a dead link, a duplicate login. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CytubeFailuresIT extends CytubeITSupport {

    private static final Duration READY = Duration.ofSeconds(15);

    @Test
    public void aWrongPasswordIsOneAttemptAndAClearError() throws Exception {
        standin.createChannel(ChannelConfig.registered("locked").account("dazbot", "right", 1));
        configureChannel("locked", "user = dazbot", "password = wrong");
        ChannelState state = awaitPhase("locked", Phase.CONFIGURATION_ERROR, READY);
        assertTrue(
                state.connection().reason().orElse(""),
                state.connection().reason().orElse("").contains("Invalid username/password combination"));
        // no hammering: no attempt is planned, and the next one comes only with a changed configuration
        assertEquals("no retry planned", Optional.empty(), state.connection().retryAt());
        assertEquals("one login", 1, standin.count(LogQuery.in().event("login")));
        assertEquals("one connection", 1, standin.connections("open").size());
        configureChannel("locked", "user = dazbot", "password = right");
        awaitPhase("locked", Phase.READY, READY);
        assertEquals(
                "the wrong password's login, then the right one's",
                2,
                standin.count(LogQuery.in().event("login")));
        assertFalse(logLines("configuration error").isEmpty());
        assertTrue(
                "the password is never logged",
                logLines("wrong").stream().noneMatch(l -> l.contains("= wrong") || l.contains("\"wrong\"")));
    }

    @Test
    public void anUnknownChannelIsAClearErrorWithoutRetries() {
        configureChannel("nosuchchannel", "user = dazbot", "password = pw");
        ChannelState state = awaitPhase("nosuchchannel", Phase.CONFIGURATION_ERROR, READY);
        assertTrue(state.connection().reason().orElse("").contains("does not know channel 'nosuchchannel'"));
        assertEquals("no retry planned", Optional.empty(), state.connection().retryAt());
        // the next attempt comes only with a changed configuration: by then there is such a channel
        standin.createChannel(ChannelConfig.registered("nosuchchannel").account("dazbot", "pw", 1));
        configureChannel("nosuchchannel", "user = dazbot", "password = pw", "login.delay.ms = 250");
        awaitPhase("nosuchchannel", Phase.READY, READY);
        assertEquals(
                "one discovery request for each configuration",
                2,
                standin.connections("socketconfig").size());
        assertEquals(
                "one socket, once the channel was there",
                1,
                standin.connections("open").size());
    }

    @Test
    public void afterAServerRestartTheBotIsBackWithinFiveSecondsAndNeverFloodsConnections() {
        standin.createChannel(ChannelConfig.registered("phoenix").account("dazbot", "pw", 1));
        configureChannel("phoenix", "user = dazbot", "password = pw");
        awaitPhase("phoenix", Phase.READY, READY);

        standin.stopCytube();
        awaitPhase("phoenix", Phase.WAITING, Duration.ofSeconds(5));
        // the outage lasts while the bot asks the dead server three times (about once a second)
        Set<Instant> probes = new HashSet<>();
        Await.until(Duration.ofSeconds(10), "three probes of the dead server", () -> {
            channelState("phoenix").flatMap(s -> s.connection().retryAt()).ifPresent(probes::add);
            return probes.size() >= 3;
        });
        standin.startCytube();
        long back = System.currentTimeMillis();
        awaitPhase("phoenix", Phase.READY, Duration.ofSeconds(5));
        long took = System.currentTimeMillis() - back;
        assertTrue("back in " + took + " ms", took <= 5000);
        assertTrue("at most 5 new connections in any 10 s", standin.maxNewConnections(Duration.ofSeconds(10)) <= 5);
    }

    @Test
    public void aServerThatStopsPingingIsADeadLinkAndTheBotReconnects() {
        standin.pingTimes(Duration.ofMillis(300), Duration.ofMillis(400));
        standin.createChannel(ChannelConfig.registered("quiet").account("dazbot", "pw", 1));
        configureChannel("quiet", "user = dazbot", "password = pw");
        awaitPhase("quiet", Phase.READY, READY);
        Await.until(
                Duration.ofSeconds(5),
                "the bot answering pings",
                () -> standin.count(LogQuery.in().name("dazbot").type("pong")) >= 2);
        int opens = standin.connections("open").size();

        standin.stopPings(Target.name("dazbot"));
        Await.until(
                Duration.ofSeconds(10),
                "a new connection",
                () -> standin.connections("open").size() > opens);
        awaitPhase("quiet", Phase.READY, READY);
        assertFalse(logLines("no ping from the server").isEmpty());
    }

    @Test
    public void aDuplicateLoginKickIsReportedAndNotFought() {
        standin.createChannel(ChannelConfig.registered("shared").account("dazbot", "pw", 1));
        configureChannel("shared", "user = dazbot", "password = pw");
        awaitPhase("shared", Phase.READY, READY);

        standin.user("shared", "dazbot", "pw");
        ChannelState state = awaitPhase("shared", Phase.KICKED, Duration.ofSeconds(10));
        assertEquals("Duplicate login", state.connection().reason().orElse(""));
        assertEquals("no retry planned", Optional.empty(), state.connection().retryAt());
        List<ConnectionState> states = states("shared");
        assertEquals(Phase.KICKED, states.get(states.size() - 1).phase());
        assertTrue(standin.connections("open").stream()
                        .map(ConnectionEvent::sim)
                        .filter(s -> !s)
                        .count()
                == 1);
    }
}
