package daz.itests.sql.logger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.IntegrationDatabase;
import daz.itests.TestBundles;
import daz.itests.sql.logger.flood.ChatFlood;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpacked runtime, as an operator runs it, is killed with SIGKILL while chat lines flow into the SQL logger;
 * after a restart every line the logger had accepted is in PostgreSQL exactly once. The lines come from a bundle
 * dropped into deploy/ ({@link ChatFlood}) that counts what the logger accepted. Afterwards no log of either run
 * holds the configured password.
 */
public class LoggerCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(LoggerCrashIT.class);
    private static final Duration START = Duration.ofSeconds(90);

    private final List<Process> processes = new ArrayList<>();
    private final Path work = DazTestSupport.workDirectory(LoggerCrashIT.class);
    private final Path home = work.resolve("daz");
    private String url;

    @After
    public void killLeftovers() {
        processes.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
    }

    @Test
    public void everyEventTheLoggerAcceptedBeforeASigkillIsStoredExactlyOnceAfterARestart() throws Exception {
        Path runtime = Path.of("../runtime/target/daz").toAbsolutePath().normalize();
        assertTrue(
                "no unpacked runtime at " + runtime + ": build it first (mvn -B install -DskipTests)",
                Files.isExecutable(runtime.resolve("bin/daz")));
        LoggerTestSupport.deleteTree(home);
        copyTree(runtime, home);
        // whatever an earlier start of the runtime left there is not this test's
        LoggerTestSupport.deleteTree(home.resolve("data/journal"));
        LoggerTestSupport.deleteTree(home.resolve("data/cache"));
        LoggerTestSupport.deleteTree(home.resolve("data/log"));
        Files.createDirectories(home.resolve("data/log"));
        url = IntegrationDatabase.createFor(getClass());
        Files.write(
                home.resolve("etc/daz.sql.cfg"),
                List.of("url = " + url, "password = " + LoggerTestSupport.PASSWORD, "connection.timeout.ms = 3000"));
        Files.write(home.resolve("etc/daz.sql.logger.cfg"), List.of("retry.max.ms = 2000"));
        TestBundles.build(
                home.resolve("deploy"),
                "daz.itests.flood",
                "1.0.0",
                Map.of("-dsannotations", "*"),
                Map.of(),
                ChatFlood.class);
        Path flood = home.resolve("data/flood");
        Files.createDirectories(flood);
        Files.writeString(flood.resolve("publish"), "publish while this file exists\n");

        Process first = start("run-1.log");
        Await.until(
                Duration.ofSeconds(60),
                "lines accepted and written while the runtime runs",
                () -> accepted(flood) >= 5_000 && count("SELECT count(*) FROM daz_sql.chat_log") > 0);
        first.destroyForcibly(); // SIGKILL
        assertTrue("the runtime died", first.waitFor(30, TimeUnit.SECONDS));
        long accepted = accepted(flood);
        long storedAtKill = count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash'");
        Files.delete(flood.resolve("publish"));

        Process second = start("run-2.log");
        Await.until(
                Duration.ofSeconds(60),
                "every accepted line stored after the restart",
                () -> count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash' AND time <= " + accepted)
                        == accepted);
        // what the second run replayed is all written before looking for duplicates
        Await.until(Duration.ofSeconds(30), "the journal drained", this::journalCaughtUp);

        assertEquals(
                "each line once",
                count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash'"),
                count("SELECT count(DISTINCT time) FROM daz_sql.chat_log WHERE channel = 'crash'"));
        // user_activity has no unique key: a join written twice would show here
        assertEquals(
                "each join once",
                count("SELECT count(*) FROM daz_sql.user_activity WHERE channel = 'crash'"),
                count("SELECT count(DISTINCT username) FROM daz_sql.user_activity WHERE channel = 'crash'"));
        assertEquals(
                "every accepted join",
                accepted / 10,
                count("SELECT count(*) FROM daz_sql.user_activity"
                        + " WHERE channel = 'crash' AND substring(username from 7)::bigint <= " + accepted));
        long beyond = count("SELECT count(*) FROM daz_sql.chat_log WHERE channel = 'crash' AND time > " + accepted);
        assertTrue("at most the line in flight at the kill is beyond the count: " + beyond, beyond <= 1);

        second.destroy(); // SIGTERM: the runtime stops cleanly
        assertTrue("the runtime stopped", second.waitFor(60, TimeUnit.SECONDS));
        LOG.info(
                "Crash IT: {} lines accepted before SIGKILL, {} of them stored before it, all {} after the restart",
                accepted,
                storedAtKill,
                accepted);
        assertPasswordInNoLog();
    }

    private Process start(String logName) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/daz").toString(), "--headless")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile());
        Process process = builder.start();
        processes.add(process);
        Path log = work.resolve(logName);
        Await.until(START, "the runtime started (" + logName + ")", () -> {
            assertTrue("the runtime exited; see " + log, process.isAlive());
            return read(log).contains("Daz started:");
        });
        return process;
    }

    /** True when the journal position PostgreSQL holds is the end of the runtime's journal on disk. */
    private boolean journalCaughtUp() {
        long committed = count("SELECT position FROM daz_sql.journal_position");
        long end = 0;
        try (Stream<Path> segments = Files.list(home.resolve("data/journal"))) {
            for (Path segment :
                    segments.filter(p -> p.toString().endsWith(".seg")).toList()) {
                String name = segment.getFileName().toString();
                end = Math.max(end, Long.parseLong(name.substring(0, name.length() - 4)) + Files.size(segment));
            }
        } catch (IOException e) {
            return false;
        }
        return committed == end;
    }

    private static long accepted(Path flood) {
        String text = read(flood.resolve("accepted")).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // not migrated yet
        }
    }

    private void assertPasswordInNoLog() throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home.resolve("data/log"))) {
            files.filter(Files::isRegularFile).forEach(logs::add);
        }
        logs.add(work.resolve("run-1.log"));
        logs.add(work.resolve("run-2.log"));
        for (Path log : logs) {
            assertFalse("the password is in " + log, read(log).contains(LoggerTestSupport.PASSWORD));
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
