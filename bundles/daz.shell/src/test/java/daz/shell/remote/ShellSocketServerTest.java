package daz.shell.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket server with a real Gogo command processor, reached by the real client over a real socket. */
class ShellSocketServerTest {

    @TempDir
    Path home;

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final TestCommands commands = new TestCommands();
    private CommandProcessorImpl processor;
    private ShellSocketServer server;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startGogo() {
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("test", commands);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
        processor.stop();
        threadIO.stop();
    }

    @Test
    void theSocketOpensOnlyForItsOwnerInAFolderOnlyItsOwnerEnters() throws IOException {
        start();
        Path socket = ShellSocket.under(home);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aFolderLeftWiderIsNarrowedBeforeTheSocketIsMade() throws IOException {
        Files.createDirectories(ShellSocket.under(home).getParent());
        Files.setPosixFilePermissions(
                ShellSocket.under(home).getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        start();
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(ShellSocket.under(home).getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aCommandsResultReachesTheClientWithStatusZero() {
        start();
        assertThat(client("test:hello", "world")).isZero();
        assertThat(out()).isEqualTo("hello world\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void whatACommandPrintsReachesTheClientOnTheMatchingStream() {
        start();
        assertThat(client("shout")).isZero();
        assertThat(client("whisper")).isZero();
        assertThat(out()).isEqualTo("shouted through System.out\n");
        assertThat(err()).isEqualTo("whispered through System.err\n");
    }

    @Test
    void anUnknownCommandFailsWithTheErrorOnStandardError() {
        start();
        assertThat(client("nosuchcommand")).isEqualTo(ShellClient.FAILED);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("CommandNotFoundException").contains("nosuchcommand");
    }

    @Test
    void aCommandThatThrowsFailsAndItsStackTraceIsAtHand() {
        start();
        assertThat(stdin("boom\ne\n")).isZero(); // the last command, `e`, succeeded
        assertThat(err())
                .contains("gogo: IllegalStateException: boom!")
                .contains("at daz.shell.remote.TestCommands.boom");
        assertThat(client("test:boom")).isEqualTo(ShellClient.FAILED);
    }

    @Test
    void linesOfStandardInputShareOneSessionAndTheLastStatusIsTheClients() {
        start();
        assertThat(stdin("x = world\nhello $x\n\nboom\n")).isEqualTo(ShellClient.FAILED);
        assertThat(out()).contains("hello world\n");
    }

    @Test
    void exitEndsTheSessionWithItsStatusAndRunsNothingAfterIt() {
        start();
        assertThat(stdin("hello before\nexit 3\nhello after\n")).isEqualTo(3);
        assertThat(out()).contains("hello before").doesNotContain("hello after");
        assertThat(stdin("exit nonsense\n")).isEqualTo(ShellClient.FAILED);
        assertThat(err()).contains("exit takes a status number");
    }

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        Path socket = ShellSocket.under(home);
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel ended = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ended.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file behind, as a killed runtime does
        }
        assertThat(socket).exists();
        assertThat(client("hello", "nobody")).isEqualTo(ShellClient.UNREACHABLE);
        assertThat(err()).contains("no Daz runtime is running").contains("left from one that ended");

        start();
        assertThat(client("hello", "again")).isZero();
        assertThat(out()).isEqualTo("hello again\n");
    }

    @Test
    void aHomeTooDeepForAUnixSocketPathLeavesTheShellOffAndTheRuntimeCarriesOn() throws InterruptedException {
        Path deep = home.resolve("d".repeat(120)); // a socket path holds at most 107 bytes
        ShellSocketServer tooDeep = new ShellSocketServer(Optional.of(deep), processor);
        tooDeep.stop();
        assertThat(ShellSocket.under(deep)).doesNotExist();
        assertThat(sessionThreads()).isEmpty();
    }

    @Test
    void aSocketALiveRuntimeServesIsLeftToIt() throws InterruptedException {
        start();
        ShellSocketServer second = new ShellSocketServer(Optional.of(home), new CommandProcessorImpl(threadIO));
        second.stop();
        assertThat(ShellSocket.under(home)).exists();
        assertThat(client("hello", "first")).isZero();
    }

    @Test
    void stoppingEndsEverySessionEvenInACommandAndRemovesTheSocket() throws Exception {
        start();
        try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(ShellSocket.under(home)));
                SocketChannel busy = SocketChannel.open(UnixDomainSocketAddress.of(ShellSocket.under(home)))) {
            FrameStream idleFrames = frames(idle);
            FrameStream busyFrames = frames(busy);
            assertThat(idleFrames.receive()).contains(Frame.hello());
            assertThat(busyFrames.receive()).contains(Frame.hello());
            busyFrames.send(Frame.command("hang"));
            assertThat(commands.hanging.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sessionThreads()).hasSize(2);

            CompletableFuture.runAsync(this::stopServer).get(10, TimeUnit.SECONDS);

            assertThat(ShellSocket.under(home)).doesNotExist();
            assertThat(sessionThreads()).isEmpty();
            assertThat(endOf(idleFrames)).isTrue();
        }
    }

    @Test
    void aCommandThatStopsTheServerFinishesUninterruptedAndItsSessionThenEnds() {
        start();
        commands.stopShell = this::stopServer;
        assertThat(stdin("stopshell\nhello never\n")).isZero();
        assertThat(out()).isEqualTo("still running, interrupted: false\n");
        assertThat(err()).contains("this session ends; connect again");
        assertThat(ShellSocket.under(home)).doesNotExist();
    }

    private void stopServer() {
        try {
            server.stop();
            server = null;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True if the stream ends (orderly or not) without another frame. */
    private static boolean endOf(FrameStream frames) {
        try {
            return frames.receive().isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    private static List<Thread> sessionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("daz-shell-session-") && t.isAlive())
                .toList();
    }

    private static FrameStream frames(SocketChannel channel) {
        return new FrameStream(Channels.newInputStream(channel), Channels.newOutputStream(channel));
    }

    private void start() {
        server = new ShellSocketServer(Optional.of(home), processor);
    }

    private int client(String... args) {
        return newClient().run(List.of(args), InputStream.nullInputStream(), false);
    }

    private int stdin(String lines) {
        return newClient().run(List.of(), new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), false);
    }

    private ShellClient newClient() {
        return new ShellClient(
                home,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
