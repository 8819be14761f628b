package daz.itests.sql.logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy the test controls, between the bot and PostgreSQL: {@link #cut()} refuses new connections (nothing
 * listens on the port any more) and kills the open ones; {@link #restore()} listens again on the same port. The
 * machine's PostgreSQL is never touched.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket server;
    private volatile boolean closed;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        ServerSocket first = listen(0);
        this.port = first.getLocalPort();
        start(first);
    }

    public int port() {
        return port;
    }

    /** Connections accepted since the proxy started. */
    public long accepted() {
        return accepted.get();
    }

    /** Refuses new connections and kills the open ones. */
    public synchronized void cut() throws IOException {
        ServerSocket listening = server;
        server = null;
        if (listening != null) {
            listening.close();
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (server == null && !closed) {
            start(listen(port));
        }
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        return socket;
    }

    private void start(ServerSocket listening) {
        server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                return; // cut or closed
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            // a cut while this connection was being made has closed the open ones but not this one: it must not
            // outlive the cut (a pool connection that did would keep writing through it)
            synchronized (this) {
                if (server != listening) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    return;
                }
                accepted.incrementAndGet();
                open.add(client);
                open.add(upstream);
            }
            pipe(client, upstream);
            pipe(upstream, client);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                        }
                    } catch (IOException e) {
                        // one side went away: take the other down too
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-pipe-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        cut();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
