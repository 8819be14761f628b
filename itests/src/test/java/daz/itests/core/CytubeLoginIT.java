package daz.itests.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.ConnectionState.Phase;
import daz.itests.Await;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Json;
import daz.itests.cytube.LogEntry;
import daz.itests.cytube.LogQuery;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The login goes out once the channel has loaded (the login delay is only the longest wait), and login refusals
 * that pass: the per-IP guest delay (wait as long as the server says, then once more) and a guest
 * name someone else is using (retry with backoff until it is free).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CytubeLoginIT extends CytubeITSupport {

    /** The stand-in's guest delay: shorter than the real 60 s, and not 60, so the bot must read it from the text. */
    private static final int GUEST_DELAY_SECONDS = 4;

    /** The IP the bot connects from. */
    private static final String BOT_IP = "127.0.0.1";

    private static final String GUEST_DELAY_ERROR =
            "Guest logins are restricted to one per IP address per " + GUEST_DELAY_SECONDS + " seconds.";
    private static final String NAME_IN_USE_ERROR = "That name is already in use on this channel.";

    /** Backoff of {@link CytubeITSupport#configureChannel}: 300 ms doubling up to 2 s, half of it jitter. */
    private static final long BACKOFF_INITIAL_MS = 300;

    private static final long BACKOFF_MAX_MS = 2000;

    @Override
    protected String[] standinOptions() {
        return new String[] {"--guest-login-delay", Integer.toString(GUEST_DELAY_SECONDS)};
    }

    @Test
    public void theLoginGoesOutAsSoonAsTheChannelHasLoadedNotAtTheEndOfTheLoginDelay() {
        standin.createChannel(ChannelConfig.registered("hall").account("dazhall", "hall-pw", 1));
        long from = standin.logCursor();
        configureChannel("hall", "user = dazhall", "password = hall-pw", "login.delay.ms = 60000");

        ChannelState state = awaitPhase("hall", Phase.READY, Duration.ofSeconds(20));
        assertEquals("dazhall", state.botName().orElseThrow());
        LogEntry userlist = standin.log(
                        LogQuery.out().notSimulated().event("userlist").since(from))
                .get(0);
        List<LogEntry> logins =
                standin.log(LogQuery.in().notSimulated().event("login").since(from));
        assertEquals("one login: " + logins, 1, logins.size());
        assertTrue(
                "the login came after the channel's userlist, not before it",
                logins.get(0).index() > userlist.index());
        long waited = logins.get(0).time() - userlist.time();
        assertTrue("the login came " + waited + " ms after the userlist, not 60 s", waited < 10_000);
    }

    @Test
    public void theReadyLineSaysTheRankTheBotHoldsInTheChannel() {
        // a site account of global rank 1 that is a channel admin (3): CyTube answers the login with rank 1 and sends
        // the channel rank later (rank, setUserRank)
        standin.account("dazrank", "rank-pw", 1);
        standin.createChannel(ChannelConfig.registered("ranked").set("ranks", Json.obj("dazrank", 3)));
        configureChannel("ranked", "user = dazrank", "password = rank-pw");

        ChannelState state = awaitPhase("ranked", Phase.READY, Duration.ofSeconds(20));
        Await.until(
                Duration.ofSeconds(10),
                "the ready line",
                () -> !logLines("Channel ranked: ready as").isEmpty());
        String line = logLines("Channel ranked: ready as").get(0);
        assertTrue(line, line.contains("ready as dazrank (rank 3, "));
        assertEquals(3, state.botRank());
    }

    @Test
    public void theGuestDelayIsWaitedOutOnceAndTheGuestLoginThenSucceeds() {
        standin.createChannel(ChannelConfig.unregistered("lounge"));
        // someone at the bot's address has just logged in as a guest: the per-IP guest slot is taken
        User neighbour = standin.user(Json.obj("channel", "lounge", "name", "neighbour", "ip", BOT_IP));
        assertTrue("the neighbour is a guest: " + neighbour.loginResult(), neighbour.loggedIn());

        configureChannel("lounge", "user = dazguest");
        LogEntry refusal =
                standin.awaitLog(LogQuery.out().notSimulated().event("login"), e -> true, Duration.ofSeconds(15));
        assertEquals("the server's refusal names the configured delay", GUEST_DELAY_ERROR, refusal.string("error"));

        ChannelState state = awaitPhase("lounge", Phase.READY, Duration.ofSeconds(GUEST_DELAY_SECONDS + 15));
        assertEquals("dazguest", state.botName().orElseThrow());
        assertEquals("a guest's rank", 0, state.botRank());

        List<LogEntry> attempts = standin.log(LogQuery.in().notSimulated().event("login"));
        List<LogEntry> answers = standin.log(LogQuery.out().notSimulated().event("login"));
        assertEquals("two logins, no hammering: " + attempts, 2, attempts.size());
        assertEquals("one refusal, then success: " + answers, List.of(false, true), successes(answers));
        assertEquals("the guest login", "true", answers.get(1).string("guest"));
        assertTrue("all from the bot's address", attempts.stream().allMatch(e -> BOT_IP.equals(e.ip())));
        long waited = attempts.get(1).time() - refusal.time();
        assertTrue(
                "the retry came " + waited + " ms after the refusal: not before the delay, and about it",
                waited >= GUEST_DELAY_SECONDS * 1000L && waited <= (GUEST_DELAY_SECONDS + 3) * 1000L);
        assertEquals(
                "the same socket: the wait is not a reconnect",
                1,
                standin.connections("open").stream().filter(c -> !c.sim()).count());

        assertTrue(
                "the wait was published with the server's text and the time of the retry",
                states("lounge").stream()
                        .anyMatch(s -> s.phase() == Phase.LOGGING_IN
                                && s.reason().orElse("").equals(GUEST_DELAY_ERROR)
                                && s.retryAt().isPresent()));
        assertFalse(
                "a WARN with the server's text",
                logLines("WARN").stream()
                        .filter(l -> l.contains("Channel lounge: login refused (" + GUEST_DELAY_ERROR + ")"))
                        .toList()
                        .isEmpty());
    }

    @Test
    public void aGuestNameInUseIsRetriedWithBackoffUntilItIsFree() {
        standin.createChannel(ChannelConfig.unregistered("crowd"));
        User holder = standin.user("crowd", "dazguest");
        assertTrue("the name's holder is in: " + holder.loginResult(), holder.loggedIn());

        configureChannel("crowd", "user = dazguest");
        int refusalsWhileTaken = 4;
        List<LogEntry> refusals = standin.awaitLogCount(
                LogQuery.out().notSimulated().event("login"), refusalsWhileTaken, Duration.ofSeconds(15));
        assertTrue(
                "refused while the name is taken: " + refusals,
                refusals.stream().allMatch(e -> NAME_IN_USE_ERROR.equals(e.string("error"))));
        ConnectionState waiting = channelState("crowd").orElseThrow().connection();
        assertEquals(Phase.LOGGING_IN, waiting.phase());
        assertEquals(NAME_IN_USE_ERROR, waiting.reason().orElse(""));

        holder.remove();
        ChannelState state = awaitPhase("crowd", Phase.READY, Duration.ofSeconds(15));
        assertEquals("dazguest", state.botName().orElseThrow());

        List<LogEntry> attempts = standin.log(LogQuery.in().notSimulated().event("login"));
        List<LogEntry> answers = standin.log(LogQuery.out().notSimulated().event("login"));
        List<Boolean> outcomes = successes(answers);
        assertEquals("one answer per attempt", attempts.size(), answers.size());
        assertTrue("refusals, then one success: " + outcomes, outcomes.indexOf(true) == outcomes.size() - 1);
        assertTrue("at least the refusals awaited: " + outcomes, outcomes.size() > refusalsWhileTaken);
        assertEquals(
                "the same socket throughout",
                1,
                standin.connections("open").stream().filter(c -> !c.sim()).count());

        // no storm: attempt n+1 comes at least the jittered backoff after attempt n (300, 600, 1200, 2000 ... ms,
        // of which at least half is always waited)
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gaps.add(attempts.get(i).time() - attempts.get(i - 1).time());
        }
        for (int i = 0; i < gaps.size(); i++) {
            long least = Math.min(BACKOFF_INITIAL_MS << i, BACKOFF_MAX_MS) / 2;
            long gap = gaps.get(i);
            assertTrue("gap " + (i + 1) + " is " + gap + " ms, at least " + least + " expected: " + gaps, gap >= least);
        }
        assertTrue("the backoff grows: " + gaps, gaps.get(2) > gaps.get(0));
        assertFalse(
                "a WARN with the server's text",
                logLines("WARN").stream()
                        .filter(l -> l.contains("Channel crowd: login refused (" + NAME_IN_USE_ERROR + ")"))
                        .toList()
                        .isEmpty());
    }

    private static List<Boolean> successes(List<LogEntry> loginAnswers) {
        return loginAnswers.stream()
                .map(e -> Boolean.parseBoolean(e.string("success")))
                .toList();
    }
}
