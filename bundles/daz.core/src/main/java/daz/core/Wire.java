package daz.core;

import java.time.Duration;
import java.util.function.Consumer;

/** The WebSocket under a {@link SocketIoSession}: Jetty's session in the bot, a fake in tests. */
interface Wire {

    /** Starts writing a text frame without blocking; {@code done} is told once whether it was written. */
    void send(String frame, Consumer<Boolean> done);

    /** Drops the connection at once (no close handshake); never blocks. */
    void disconnect();

    boolean isOpen();

    /** How long the socket may stay silent before Jetty closes it. */
    void idleTimeout(Duration timeout);
}
