package daz.core;

import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A {@link Wire} on a Jetty WebSocket session; {@code sendText} queues whole messages, so no lock is needed. */
final class JettyWire implements Wire {

    private final Session session;

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
            session.disconnect();
            done.accept(false);
        }));
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
