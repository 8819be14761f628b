package daz.shell.remote;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into a running runtime for {@code bin/daz-shell}: a Unix-domain socket at {@link ShellSocket} under the
 * framework property {@code daz.home}, owner-only (see {@link SocketFile}), never a network port. Each client gets
 * a Gogo session with every command of the console, on a thread of its own ({@code daz-shell-session-<n>}); all of
 * them end, and the socket file goes, when the component deactivates.
 */
@Component(service = {})
public class ShellSocketServer {

    private static final Logger LOG = LoggerFactory.getLogger(ShellSocketServer.class);
    private static final long JOIN_MILLIS = 2_000;

    private final CommandProcessor processor;
    private final Optional<Path> socket;
    private final Optional<ServerSocketChannel> server;
    private final Thread listener;
    private final Set<ShellConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessions = new AtomicInteger();

    @Activate
    public ShellSocketServer(BundleContext context, @Reference CommandProcessor processor) {
        this(Optional.ofNullable(context.getProperty("daz.home")).map(Path::of), processor);
    }

    ShellSocketServer(Optional<Path> home, CommandProcessor processor) {
        this.processor = processor;
        this.socket = home.map(ShellSocket::under);
        if (home.isEmpty()) {
            LOG.info("No framework property daz.home: no shell socket, bin/daz-shell cannot reach this runtime");
        }
        this.server = socket.flatMap(ShellSocketServer::listen);
        this.listener = new Thread(this::accept, "daz-shell-listener");
        listener.setDaemon(true);
        server.ifPresent(s -> listener.start());
    }

    private static Optional<ServerSocketChannel> listen(Path socket) {
        try {
            ServerSocketChannel server = SocketFile.bind(socket);
            LOG.info("Shell socket {} open: bin/daz-shell reaches this runtime", socket);
            return Optional.of(server);
        } catch (SocketFile.InUseException e) {
            LOG.warn("Shell socket not opened: {}; bin/daz-shell reaches that one, not this one", e.getMessage());
        } catch (IOException | RuntimeException e) {
            // e.g. "Unix domain path too long": a socket path has at most 107 bytes
            LOG.warn(
                    "Shell socket {} could not be opened, bin/daz-shell cannot reach this runtime: {}",
                    socket,
                    e.toString());
        }
        return Optional.empty();
    }

    private void accept() {
        ServerSocketChannel channel = server.orElseThrow();
        while (channel.isOpen()) {
            try {
                SocketChannel client = channel.accept();
                ShellConnection connection = new ShellConnection(
                        client, processor, "daz-shell-session-" + sessions.incrementAndGet(), connections::remove);
                connections.add(connection);
                connection.start();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Shell socket: accepting a client failed: {}", e.toString());
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // e.g. out of file descriptors
            }
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (server.isEmpty()) {
            return;
        }
        try {
            server.get().close();
        } catch (IOException e) {
            LOG.debug("Closing the shell socket", e);
        }
        if (listener != Thread.currentThread()) {
            listener.join(JOIN_MILLIS);
        }
        List<ShellConnection> others = new ArrayList<>();
        for (ShellConnection connection : connections) {
            if (connection.runsTheCurrentCommand()) {
                connection.retire(); // this deactivation comes from its command: `stop` or `update` of daz.shell
            } else {
                connection.close();
                others.add(connection);
            }
        }
        for (ShellConnection connection : others) {
            connection.join(JOIN_MILLIS);
        }
        try {
            Files.deleteIfExists(socket.orElseThrow());
        } catch (IOException e) {
            LOG.warn("Shell socket {} could not be removed: {}", socket.get(), e.toString());
        }
    }
}
