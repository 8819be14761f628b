package daz.core;

import daz.api.cytube.FloodLimit;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing side of one {@link SocketIoSession}'s socket: the channel's {@link OutboundWriter} puts lines on it while
 * the session is ready, the session its control frames at any time; and the clean way off it. Any thread, no lock:
 * Jetty queues whole messages.
 */
final class SessionOutput implements OutboundWriter.Target {

    private static final Logger LOG = LoggerFactory.getLogger(SessionOutput.class);
    /** How long leaving waits for the line being written, and then for the server to answer the close. */
    static final Duration LEAVE_WAIT = Duration.ofSeconds(1);

    private final SessionContext context;
    private final String channel;
    private volatile Wire wire;

    SessionOutput(SessionContext context) {
        this.context = context;
        this.channel = context.channel();
    }

    /** The socket is open: frames go to {@code opened} from now on. */
    void opened(Wire opened) {
        this.wire = opened;
    }

    @Override
    public void write(String frame, Consumer<Boolean> done) {
        Wire w = wire;
        if (w == null) {
            done.accept(false);
            return;
        }
        w.send(frame, ok -> {
            if (!ok) {
                LOG.warn("Channel {}: write failed", channel);
            }
            done.accept(ok);
        });
    }

    /** Writes a control frame (pong, join, login) at once, beside the paced lines; a failure breaks the link. */
    void sendNow(String frame) {
        write(frame, ok -> {
            if (!ok) {
                LOG.debug("Channel {}: a control frame could not be written", channel);
            }
        });
    }

    @Override
    public void stalled(Duration waited) {
        LOG.warn("Channel {}: a write has not completed in {} s: dropping the link", channel, waited.toSeconds());
        Wire w = wire;
        if (w != null) {
            w.disconnect();
        }
    }

    @Override
    public FloodLimit limitFor(OutboundLine line) {
        return Outbox.limitFor(context.data(), line);
    }

    /** How long the socket may stay silent before Jetty closes it. */
    void idleTimeout(Duration timeout) {
        Wire w = wire;
        if (w != null) {
            w.idleTimeout(timeout);
        }
    }

    /** Drops the socket at once, if it is open. */
    void disconnect() {
        Wire w = wire;
        if (w != null && w.isOpen()) {
            w.disconnect();
        }
    }

    /**
     * Leaves an open socket cleanly, after {@link OutboundWriter#detach}: waits for the line being written to be done,
     * then closes the WebSocket with its handshake ({@link Wire#close}), so that a line counted as written reaches the
     * server and is handled there. Waits at most {@link #LEAVE_WAIT} for each.
     *
     * <p>No Socket.IO disconnect ({@code 41}) goes before the close: the server (socket.io 4) hands an event to its
     * handlers a tick after reading it and drops it if a disconnect was read meanwhile, so the last lines written,
     * read together with a {@code 41}, were lost (CoreReloadIT saw it). The WebSocket's close ends the socket.io
     * session only once the TCP connection has closed, after those events.
     */
    void leave() {
        Wire w = wire;
        if (w == null || !w.isOpen()) {
            return;
        }
        try {
            context.writer().awaitIdle(this, LEAVE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!w.close(LEAVE_WAIT)) {
            LOG.info(
                    "Channel {}: the server did not answer the close in {} ms; socket dropped",
                    channel,
                    LEAVE_WAIT.toMillis());
        }
    }
}
