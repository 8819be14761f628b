package daz.core;

import java.time.Duration;
import java.util.function.Consumer;

/** The WebSocket under a {@link SocketIoSession}: Jetty's session in the bot, a fake in tests. */
interface Wire {

    /** Starts writing a text frame without blocking; {@code done} is told once whether it was written. */
    void send(String frame, Consumer<Boolean> done);

    /**
     * Leaves cleanly: a WebSocket close frame goes out after every frame sent before it, and the connection ends when
     * the server answers it, so the server reads each frame before it sees the bot go (dropping the socket instead can
     * make TCP reset it and discard what the server had not read yet). Waits at most {@code wait} for the answer, then
     * drops the connection and returns false.
     */
    boolean close(Duration wait);

    /** Drops the connection at once (no close handshake); never blocks. */
    void disconnect();

    boolean isOpen();

    /** How long the socket may stay silent before Jetty closes it. */
    void idleTimeout(Duration timeout);
}
