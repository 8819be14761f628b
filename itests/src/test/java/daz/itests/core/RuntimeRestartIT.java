package daz.itests.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import daz.itests.TestDatabase;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.Json;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The whole unpacked runtime, restarted as an operator (or a crash) restarts it, against the CyTube stand-in and a
 * real PostgreSQL: CyTube replays the last chat lines on every join, and the restarted bot neither stores them a
 * second time nor runs the commands among them again; a cooldown the bot entered before the restart is honoured
 * after it (the retry state is in PostgreSQL, not in memory).
 */
public class RuntimeRestartIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration ANSWER = Duration.ofSeconds(15);
    private static final String PASSWORD = "Restart-IT-pw";

    private final RuntimeProcess runtime = RuntimeProcess.unpack(RuntimeRestartIT.class);
    private CytubeStandin standin;
    private String url;

    @Before
    public void setUp() {
        standin = CytubeStandin.start();
        url = IntegrationDatabase.createFor(getClass());
        runtime.configure("daz.sql", "url = " + url, "connection.timeout.ms = 3000");
    }

    @After
    public void tearDown() {
        runtime.close();
        standin.close();
    }

    @Test
    public void theBacklogReplayedAfterARestartOfTheRuntimeIsNeitherStoredAgainNorActedOn() {
        standin.createChannel(ChannelConfig.registered("lobby").account("dazbot", PASSWORD, 2));
        configureChannel("lobby", "login.delay.ms = 200");
        User alice = standin.user("lobby", "alice");

        RuntimeProcess.Run first = runtime.launch("run-1.log");
        awaitBotJoined(alice, 0);
        alice.chat("good morning");
        long helpAsked = alice.cursor();
        alice.chat("!help");
        alice.awaitMessage(helpAsked, r -> r.is("chatMsg") && "dazbot".equals(r.username()), ANSWER);
        Await.until(ANSWER, "both lines stored", () -> stored("good morning") == 1 && stored("!help") == 1);
        // the audit row comes a moment after the answer (AuditLog writes 100 ms later)
        Await.until(ANSWER, "!help audited", () -> executions("help") == 1);

        // SIGKILL, then at once a new runtime: CyTube sends the new join the same backlog
        first.kill();
        alice.chat("said while the bot was away");
        long away = alice.cursor();
        RuntimeProcess.Run second = runtime.launch("run-2.log");
        assertNothingRedone(alice, away, "run-2.log");
        assertEquals(
                "a line said while the bot was away is recovered from the backlog",
                1,
                stored("said while the bot was away"));

        // a clean stop (SIGTERM) and an immediate start: the same
        long beforeStop = alice.cursor();
        second.stop();
        runtime.launch("run-3.log");
        assertNothingRedone(alice, beforeStop, "run-3.log");

        assertEquals("each backlog line once", 1, stored("good morning"));
        assertEquals("the backlog's !help once", 1, stored("!help"));
        Await.until(ANSWER, "the last run's !uptime audited", () -> executions("uptime") >= 2);
        assertEquals("!help ran once over three runs", 1, executions("help"));
        assertEquals("!uptime ran once per run after the first", 2, executions("uptime"));
        assertPasswordInNoLog();
    }

    @Test
    public void aCooldownEnteredBeforeARestartOfTheRuntimeIsHonouredAfterIt() {
        standin.createChannel(ChannelConfig.registered("flaky").account("dazbot", PASSWORD, 1));
        // attempts that reach the server and fail count (an unreachable server is only probed)
        standin.config(Json.obj("refuseLogin", "The server is busy, try again later"));
        configureChannel(
                "flaky",
                "reconnect.attempts = 3",
                "cooldown.seconds = 600",
                "backoff.initial.ms = 200",
                "backoff.max.ms = 1000");
        RuntimeProcess.Run first = runtime.launch("run-1.log");
        first.awaitConsole("failed attempts in a row", START);
        long until = Await.value(ANSWER, "the cooldown stored", () -> {
            long stored = storedCooldown();
            return stored > System.currentTimeMillis() ? stored : null;
        });
        int connectionsBefore = standin.connections("socketconfig").size();
        first.stop();

        standin.config(Json.obj("refuseLogin", ""));
        RuntimeProcess.Run second = runtime.launch("run-2.log");
        second.awaitConsole("in cooldown until", START);
        Matcher end = Pattern.compile("in cooldown until (\\S+) after 3 failed attempts")
                .matcher(second.console());
        assertTrue("the second run says it is in the stored cooldown: " + second.console(), end.find());
        assertEquals(
                "the second run's cooldown ends when the first run's did",
                Instant.ofEpochMilli(until),
                Instant.parse(end.group(1)));
        assertEquals("the stored cooldown is unchanged", until, storedCooldown());
        // the login never waits for the database: when the stored state takes longer than 0.5 s to read (daz.sql
        // checks every schema as the runtime starts), one attempt starts and is given up once the state is read
        assertTrue(
                "at most the one attempt before the stored state was read",
                standin.connections("socketconfig").size() <= connectionsBefore + 1);
        Await.until(ANSWER, "no socket to the channel", () -> standin.clients().isEmpty());
    }

    /**
     * After the run's join: alice sends {@code !uptime}; its answer comes after anything the bot did with the
     * backlog (the bot answers in order), so that answer being the bot's only line since {@code since} shows the
     * backlog's {@code !help} was not run again, and its storage shows the backlog went through the logger.
     */
    private void assertNothingRedone(User alice, long since, String run) {
        awaitBotJoined(alice, since);
        String marker = "!uptime";
        alice.chat(marker);
        Received uptime = alice.awaitMessage(since, r -> r.is("chatMsg") && "dazbot".equals(r.username()), ANSWER);
        assertTrue(
                run + ": the first line of the bot is the answer to !uptime: " + uptime.msg(),
                uptime.msg().startsWith("Bot up "));
        List<Received> botLines = alice.received().stream()
                .filter(r -> r.index() > since && r.is("chatMsg") && "dazbot".equals(r.username()))
                .toList();
        assertEquals(run + ": the bot said only the answer to !uptime: " + botLines, 1, botLines.size());
        Await.until(ANSWER, run + ": the new !uptime stored", () -> stored(marker) >= 1);
    }

    /** Waits for the bot's addUser after {@code since} as alice sees it (sent when its login succeeded). */
    private void awaitBotJoined(User alice, long since) {
        alice.awaitMessage(since, r -> r.is("addUser") && "dazbot".equals(r.string("name")), START);
    }

    private void configureChannel(String channel, String... extra) {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "server = " + standin.baseUrl(), "channel = " + channel, "user = dazbot", "password = " + PASSWORD));
        lines.addAll(List.of(extra));
        runtime.configure("daz.core.channel-" + channel, lines.toArray(String[]::new));
    }

    private long stored(String msg) {
        return count("SELECT count(*) FROM daz_sql.chat_log WHERE msg = ?", msg);
    }

    private long executions(String command) {
        return count(
                "SELECT count(*) FROM daz_eventfilter.daz_eventfilter_history WHERE command = ? AND outcome = 'ok'",
                command);
    }

    private long storedCooldown() {
        return count("SELECT cooldown_until FROM daz_core.reconnect_state WHERE channel = ?", "flaky");
    }

    private long count(String sql, String parameter) {
        return TestDatabase.at(url).count(sql, parameter); // -1: not migrated yet
    }

    private void assertPasswordInNoLog() {
        for (var log : runtime.logFiles()) {
            assertFalse("the password is in " + log, RuntimeProcess.read(log).contains(PASSWORD));
        }
    }
}
