package daz.itests.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code bin/daz-shell} against the unpacked runtime started as a service ({@code bin/daz --headless}): console
 * commands run in the running runtime through its owner-only socket, failures reach scripts as exit statuses, and
 * with no runtime (stopped, or killed and its socket left behind) it says so.
 */
public class DazShellIT {

    private static final Pattern UPTIME_ROW =
            Pattern.compile("(?m)^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|daz\\.plugin\\.uptime \\(");

    private final RuntimeProcess runtime = RuntimeProcess.unpack(DazShellIT.class);
    private Path socket;
    private int calls;

    @Before
    public void setUp() {
        runtime.configure("daz.sql", "url = " + IntegrationDatabase.createFor(getClass()));
        // a channel whose server is not there: it shows in daz:channels, waiting to reconnect
        runtime.configure(
                "daz.core.channel-shellchan", "server = http://127.0.0.1:9", "channel = shellchan", "user = dazbot");
        socket = runtime.home().resolve("data/shell/daz.sock");
    }

    @After
    public void tearDown() {
        runtime.close();
    }

    @Test
    public void theShellOfARunningRuntimeRunsEveryConsoleCommandAndSaysWhenOneFails() throws IOException {
        RuntimeProcess.Run run = runtime.start("run.log");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));

        Shell channels = shell("daz:channels");
        channels.assertSucceeded();
        assertTrue(channels.out, channels.out.contains("Channel") && channels.out.contains("State"));
        assertTrue(channels.out, channels.out.lines().anyMatch(l -> l.startsWith("shellchan ")));

        Shell lb = shell("lb");
        lb.assertSucceeded();
        assertTrue(lb.out, lb.out.contains("|daz.shell (") && lb.out.contains("|daz.eventbus ("));
        Matcher uptime = UPTIME_ROW.matcher(lb.out);
        assertTrue(lb.out, uptime.find());
        String id = uptime.group(1);

        long installed = lastModified(id);
        shell("update " + id).assertSucceeded();
        long updated = lastModified(id);
        assertTrue("update renewed the bundle: " + installed + " -> " + updated, updated > installed);
        Matcher after = UPTIME_ROW.matcher(shell("lb").out);
        assertTrue(after.find());
        assertEquals("the updated plugin runs again", "Active", after.group(2));

        Shell unknown = shell("nosuchcommand");
        assertEquals("an unknown command fails: " + unknown, 1, unknown.status);
        assertTrue(unknown.err, unknown.err.contains("Command not found: nosuchcommand"));
        assertEquals("", unknown.out);

        Shell lines = shellWithInput("x = 42\necho value $x\nexit 3\nnosuchcommand\n");
        assertEquals("exit 3 ends the session with 3: " + lines, 3, lines.status);
        assertTrue(lines.out, lines.out.contains("value 42"));
        assertEquals("nothing runs after exit", "", lines.err);

        run.stop();
        assertFalse("a clean stop removes the socket", Files.exists(socket));
        Shell none = shell("lb");
        assertEquals("no runtime: " + none, 2, none.status);
        assertEquals(
                "daz-shell: no Daz runtime is running in " + runtime.home() + " (no data/shell/daz.sock)\n", none.err);
    }

    @Test
    public void aSocketLeftByAKilledRuntimeIsToldApartAndTakenOverByTheNextStart() {
        runtime.start("run-1.log").kill();
        assertTrue("a killed runtime leaves its socket", Files.exists(socket));
        Shell stale = shell("lb");
        assertEquals("no runtime: " + stale, 2, stale.status);
        assertTrue(stale.err, stale.err.contains("no Daz runtime is running in " + runtime.home()));
        assertTrue(stale.err, stale.err.contains("left from one that ended"));

        runtime.start("run-2.log");
        shell("daz:channels").assertSucceeded();
    }

    /** The bundle's last-modified time, read with a Gogo expression on the framework's bundle context. */
    private long lastModified(String id) {
        Shell shell = shell("((${.context} bundle " + id + ") lastmodified)");
        shell.assertSucceeded();
        return Long.parseLong(shell.out.trim());
    }

    private Shell shell(String command) {
        return run(List.of(command), "");
    }

    private Shell shellWithInput(String input) {
        return run(List.of(), input);
    }

    /** Runs {@code bin/daz-shell} as an operator's script does, its streams kept in the work folder. */
    private Shell run(List<String> args, String input) {
        int n = ++calls;
        Path out = runtime.work().resolve("daz-shell-" + n + ".out");
        Path err = runtime.work().resolve("daz-shell-" + n + ".err");
        List<String> command = new ArrayList<>();
        command.add(runtime.home().resolve("bin/daz-shell").toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            assertTrue("bin/daz-shell " + args + " ended", process.waitFor(60, TimeUnit.SECONDS));
            return new Shell(process.exitValue(), RuntimeProcess.read(out), RuntimeProcess.read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What one run of {@code bin/daz-shell} gave. */
    private record Shell(int status, String out, String err) {
        void assertSucceeded() {
            assertEquals("succeeded: " + this, 0, status);
            assertEquals("nothing on standard error: " + this, "", err);
        }
    }
}
