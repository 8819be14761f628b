package daz.itests.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import daz.itests.RuntimeProcess;
import daz.itests.TestDatabase;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.Received;
import daz.itests.cytube.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default configuration (nothing in {@code etc/daz.sql.cfg}: the launcher's embedded PostgreSQL under
 * {@code data/pg}) driven as an operator or a crash drives it: {@code kill -9} of the bot while users chat and send
 * commands, relaunched at once, five times in a row; {@code kill -9} of the postmaster itself. The database is
 * reached as any client would, through the password file the launcher made.
 */
public class EmbeddedDatabaseIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabaseIT.class);
    private static final Duration JOIN = Duration.ofSeconds(90);
    /** Generous: a first start on a loaded CI machine unpacks PostgreSQL and makes the cluster. */
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(60);

    private static final Duration STORED = Duration.ofSeconds(60);
    private static final Duration GONE = Duration.ofSeconds(20);
    private static final String PASSWORD = "Embedded-IT-pw";

    private final RuntimeProcess runtime = RuntimeProcess.unpack(EmbeddedDatabaseIT.class);
    private final Path home = runtime.home();
    private CytubeStandin standin;

    @Before
    public void setUp() {
        standin = CytubeStandin.start();
        standin.createChannel(ChannelConfig.registered("lobby").account("dazbot", PASSWORD, 2));
        runtime.configure(
                "daz.core.channel-lobby",
                "server = " + standin.baseUrl(),
                "channel = lobby",
                "user = dazbot",
                "password = " + PASSWORD,
                "login.delay.ms = 200");
        assertFalse("nothing configures daz.sql", Files.exists(home.resolve("etc/daz.sql.cfg")));
    }

    @After
    public void tearDown() {
        runtime.close();
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        standin.close();
    }

    @Test
    public void fiveKillsOfTheBotInARowLoseNoLineAndRedoNoCommand() {
        User alice = standin.user("lobby", "alice");
        User bob = standin.user("lobby", "bob");
        List<String> said = new ArrayList<>();
        List<Long> postmasters = new ArrayList<>();
        List<Long> answerMs = new ArrayList<>();
        RuntimeProcess.Run bot = null;
        for (int run = 1; run <= 6; run++) {
            long since = alice.cursor();
            bot = runtime.launch("run-" + run + ".log");
            answerMs.add(firstAnswerMs(alice, since, bot, "run " + run));
            // the bot answers without waiting for the database (the first run's initdb may still be going on)
            long postmaster = readyPostmaster("run " + run);
            postmasters.add(postmaster);
            assertEquals("run " + run + ": the database answers", 1, count("SELECT 1", ""));
            if (run == 6) {
                break;
            }
            // users chat and send commands; the bot is killed among them
            for (int line = 1; line <= 3; line++) {
                String text = "run " + run + " line " + line;
                (line % 2 == 0 ? bob : alice).chat(text);
                said.add(text);
            }
            bob.chat("!help");
            bot.kill();
        }
        Await.until(STORED, "every line said stored", () -> said.stream().allMatch(s -> count(CHAT, s) >= 1));
        for (String line : said) {
            assertEquals("'" + line + "' stored once", 1, count(CHAT, line));
        }
        LOG.info("Embedded database IT: first command answered {} ms after each launch", answerMs);

        bot.stop();
        assertFalse("a clean stop leaves no postmaster.pid", Files.exists(home.resolve("data/pg/postmaster.pid")));
        for (long pid : postmasters) {
            Await.until(GONE, "postmaster " + pid + " gone", () -> gone(pid));
        }
    }

    @Test
    public void aStopDuringTheFirstStartSaysNoError() {
        RuntimeProcess.Run bot = runtime.launch("first-start.log");
        // daz.sql is active, its connection check and first migration waiting for the cluster being made
        bot.awaitConsole("LocalJournal - Journal", FIRST_ANSWER);
        boolean databaseReady = postmasterPid().isPresent();
        bot.stop();
        List<String> errors =
                bot.console().lines().filter(l -> l.contains(" ERROR ")).toList();
        assertEquals(
                "an operator's stop is no error (the database was " + (databaseReady ? "" : "not ") + "ready)",
                List.of(),
                errors);
    }

    @Test
    public void aKilledPostmasterIsStartedAgainAndTheBotCarriesOnLosingNothing() {
        User alice = standin.user("lobby", "alice");
        User bob = standin.user("lobby", "bob");
        RuntimeProcess.Run bot = runtime.launch("run.log");
        firstAnswerMs(alice, 0, bot, "start");
        alice.chat("before the postmaster's death");
        Await.until(STORED, "the first line stored", () -> count(CHAT, "before the postmaster's death") == 1);

        long killed = readyPostmaster("start");
        long at = System.nanoTime();
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        for (int line = 1; line <= 3; line++) {
            alice.chat("while the database is down " + line);
        }
        long back = Await.value(
                Duration.ofSeconds(30),
                "a new postmaster",
                () -> postmasterPid()
                        .filter(p -> p != killed && count("SELECT 1", "") == 1)
                        .orElse(null));
        long backMs = (System.nanoTime() - at) / 1_000_000;
        LOG.info("Embedded database IT: postmaster {} killed, {} answers {} ms later", killed, back, backMs);

        long since = alice.cursor();
        bob.chat("!uptime"); // bob: alice's !uptime is in its cooldown
        Received answer = alice.awaitMessage(since, r -> r.is("chatMsg") && "dazbot".equals(r.username()), STORED);
        assertTrue("the bot carries on: " + answer.msg(), answer.msg().startsWith("Bot up "));
        Await.until(STORED, "the lines said while the database was down stored", () -> {
            for (int line = 1; line <= 3; line++) {
                if (count(CHAT, "while the database is down " + line) != 1) {
                    return false;
                }
            }
            return true;
        });
        assertEquals("the first line once", 1, count(CHAT, "before the postmaster's death"));

        // the bot killed: its watchdog stops the postmaster, with no new start to do it
        long postmaster = postmasterPid().orElseThrow();
        bot.kill();
        Await.until(GONE, "the postmaster gone after kill -9 of the bot", () -> gone(postmaster));
        assertNotEquals("a new postmaster ran after the kill", killed, postmaster);
    }

    private static final String CHAT = "SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'lobby' AND msg = ?";

    /**
     * Launch to the answer to the first {@code !uptime} sent after the bot joined, in ms; the bot said nothing else
     * since it joined (the commands CyTube replays on the join are not run again).
     */
    private long firstAnswerMs(User alice, long since, RuntimeProcess.Run bot, String run) {
        long joined = alice.awaitMessage(since, r -> r.is("addUser") && "dazbot".equals(r.string("name")), JOIN)
                .index();
        long asked = alice.cursor();
        alice.chat("!uptime");
        Received answer =
                alice.awaitMessage(asked, r -> r.is("chatMsg") && "dazbot".equals(r.username()), FIRST_ANSWER);
        long ms = System.currentTimeMillis() - bot.launchedAtMillis();
        assertTrue(
                run + ": the first line of the bot answers !uptime: " + answer.msg(),
                answer.msg().startsWith("Bot up "));
        List<Received> botLines = alice.received().stream()
                .filter(r -> r.index() > joined && r.is("chatMsg") && "dazbot".equals(r.username()))
                .toList();
        assertEquals(run + ": no replayed command answered: " + botLines, 1, botLines.size());
        return ms;
    }

    /** No such process, or a zombie: an orphaned postmaster that ended waits for init to reap it. */
    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private long readyPostmaster(String when) {
        return Await.value(
                JOIN,
                when + ": the embedded PostgreSQL ready",
                () -> postmasterPid().orElse(null));
    }

    private Optional<Long> postmasterPid() {
        try {
            Path pid = home.resolve("data/pg/postmaster.pid");
            List<String> lines = Files.exists(pid) ? Files.readAllLines(pid) : List.of();
            return lines.size() >= 8 && lines.get(7).trim().equals("ready")
                    ? Optional.of(Long.parseLong(lines.get(0).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // being written
        }
    }

    /** The embedded database as any client reaches it: port from postmaster.pid, password from its file. */
    private long count(String sql, String parameter) {
        try {
            List<String> pid = Files.readAllLines(home.resolve("data/pg/postmaster.pid"));
            Properties login = new Properties();
            login.setProperty("user", "postgres");
            login.setProperty(
                    "password",
                    Files.readString(home.resolve("data/pg.password")).strip());
            login.setProperty("connectTimeout", "3");
            String url = "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres";
            return sql.contains("?")
                    ? TestDatabase.at(url, login).count(sql, parameter)
                    : TestDatabase.at(url, login).count(sql);
        } catch (IOException | IndexOutOfBoundsException e) {
            return -1; // not up, or not migrated yet
        }
    }
}
