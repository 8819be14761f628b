package daz.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/** A {@link Wire} on a Jetty WebSocket session; {@code sendText} queues whole messages, so no lock is needed. */
final class JettyWire implements Wire {

    private final Session session;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Set once a close has started: a write that fails after it is expected and must not cut the handshake short. */
    private volatile boolean closing;

    JettyWire(Session session) {
        this.session = session;
    }

    @Override
    public void send(String frame, Consumer<Boolean> done) {
        if (!session.isOpen()) {
            done.accept(false);
            return;
        }
        session.sendText(frame, Callback.from(() -> done.accept(true), failure -> {
            if (!closing) {
                session.disconnect();
            }
            done.accept(false);
        }));
    }

    @Override
    public boolean close(Duration wait) {
        closing = true;
        session.close(StatusCode.NORMAL, "leaving", Callback.NOOP);
        try {
            if (ended.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.disconnect();
        return false;
    }

    /** The connection has ended (Jetty reported the close or an error). */
    void ended() {
        ended.countDown();
    }

    @Override
    public void disconnect() {
        session.disconnect();
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void idleTimeout(Duration timeout) {
        session.setIdleTimeout(timeout);
    }
}
