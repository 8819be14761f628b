package daz.itests.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState.Phase;
import daz.itests.Await;
import daz.itests.TestDatabase;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** The reconnect state (attempts, cooldown end) is in PostgreSQL: a restarted daz.core honours it. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CytubeRetryStateIT extends CytubeITSupport {

    @Test
    public void aCooldownSurvivesARestartOfTheBundle() throws Exception {
        standin.createChannel(ChannelConfig.registered("flaky").account("dazbot", "pw", 1));
        // attempts that reach the server and fail count (an unreachable server is only probed)
        standin.config(Json.obj("refuseLogin", "The server is busy, try again later"));
        configureChannel("flaky", "user = dazbot", "password = pw", "reconnect.attempts = 3", "cooldown.seconds = 15");
        ChannelState state = awaitPhase("flaky", Phase.COOLDOWN, Duration.ofSeconds(20));
        Instant until = state.connection().retryAt().orElseThrow();
        assertEquals(3, state.connection().attempts());

        Await.until(Duration.ofSeconds(5), "the cooldown stored", () -> storedCooldown() == until.toEpochMilli());

        Bundle core = coreBundle();
        core.stop();
        standin.config(Json.obj("refuseLogin", ""));
        int discoveries = standin.connections("socketconfig").size();
        core.start();
        ChannelState again = awaitPhase("flaky", Phase.COOLDOWN, Duration.ofSeconds(15));
        assertEquals(
                "the same cooldown end", until, again.connection().retryAt().orElseThrow());
        // the login never waits for the database: when the stored state takes longer than 0.5 s to read (daz.sql
        // checks daz.core's schema as the bundle starts), one attempt starts and is given up once the state is read
        int atCooldown = standin.connections("socketconfig").size();
        assertTrue("at most the one attempt before the state was read", atCooldown <= discoveries + 1);
        Await.until(
                Duration.ofSeconds(5),
                "no socket to the channel",
                () -> standin.clients().isEmpty());
        long quietFrom = System.currentTimeMillis();

        // the server takes logins again: the bot is back once the cooldown ends, and not before
        awaitPhase("flaky", Phase.READY, Duration.between(Instant.now(), until).plusSeconds(20));
        assertEquals(
                "no discovery, no connection during the cooldown",
                List.of(),
                Stream.concat(standin.connections("socketconfig").stream(), standin.connections("open").stream())
                        .filter(e -> e.time() >= quietFrom && e.time() < until.toEpochMilli())
                        .toList());
        assertTrue(logLines("in cooldown until").size() >= 1);
    }

    private long storedCooldown() {
        return TestDatabase.ofThisClass()
                .count("SELECT cooldown_until FROM daz_core.reconnect_state WHERE channel = 'flaky'");
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
