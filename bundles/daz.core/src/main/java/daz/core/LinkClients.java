package daz.core;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The Jetty clients of one channel's {@link ChannelLink}: an HttpClient for discovery and a WebSocket client that
 * shares its small thread pool ({@code daz-core-<channel>-io}) and buffers. Started on the link thread and stopped
 * with the link; apart from it so that the link holds only the reconnect logic.
 */
final class LinkClients {

    /** Largest message accepted from the server: its maxPayload (1 MiB) and room for framing. */
    static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024 + 1024;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** How long a thread of the channel's pool may be idle before it ends. */
    static final Duration IO_IDLE = Duration.ofSeconds(10);

    private final String channel;
    private HttpClient http;
    private WebSocketClient webSockets;

    LinkClients(String channel) {
        this.channel = channel;
    }

    /** Starts both clients; on the link thread. */
    void start() throws Exception {
        QueuedThreadPool io = new QueuedThreadPool(8, 1);
        io.setName("daz-core-" + channel + "-io");
        io.setDaemon(true);
        // threads a burst of chat started end after this long idle (Jetty's default is a minute, and ends one thread
        // per timeout): an idle channel keeps its selector and little else, each thread's stack and the JVM's
        // per-thread memory being about 0.1 MB
        io.setIdleTimeout((int) IO_IDLE.toMillis());
        http = new HttpClient();
        http.setExecutor(io);
        http.setName("daz-core-" + channel + "-http");
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        http.start();
        // created once the HttpClient runs, the WebSocket client shares its threads and buffers (created before, it
        // would make a thread pool of its own)
        webSockets = new WebSocketClient(http);
        webSockets.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        webSockets.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        webSockets.setMaxFrameSize(MAX_MESSAGE_BYTES);
        webSockets.setIdleTimeout(Duration.ofMinutes(5));
        webSockets.setStopTimeout(500);
        webSockets.start();
    }

    /** The HTTP client, for discovery. */
    HttpClient http() {
        return http;
    }

    /** Opens a WebSocket to {@code uri} for {@code session}, waiting at most {@link #CONNECT_TIMEOUT}. */
    void connect(SocketIoSession session, URI uri)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        webSockets
                .connect(new WebSocketEndpoint(session, MAX_MESSAGE_BYTES), uri)
                .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops what was started (after the link thread has ended). */
    void stop() throws Exception {
        if (webSockets != null) {
            webSockets.stop();
        }
        if (http != null) {
            http.stop();
        }
    }
}
