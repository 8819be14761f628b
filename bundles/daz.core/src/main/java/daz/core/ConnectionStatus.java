package daz.core;

import daz.api.bus.EventBus;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.ConnectionState.Phase;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's connection state as the rest of the bot sees it: read from anywhere, changed by the link and its
 * session, and published on {@code daz.connection.<phase>} when the phase or the reason changes (every time for
 * {@link Phase#WAITING}, whose retry time moves, unless it is the same wait announced again).
 */
final class ConnectionStatus {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionStatus.class);

    private final String channel;
    private final String user;
    private final EventBus bus;
    private final IntSupplier attempts;
    private volatile ConnectionState state;

    ConnectionStatus(String channel, String user, EventBus bus, IntSupplier attempts) {
        this.channel = channel;
        this.user = user;
        this.bus = bus;
        this.attempts = attempts;
        this.state = new ConnectionState(
                channel, Phase.CONNECTING, user, 0, Optional.empty(), Optional.empty(), Instant.now());
    }

    ConnectionState get() {
        return state;
    }

    Phase phase() {
        return state.phase();
    }

    void change(Phase phase, Optional<Instant> retryAt, Optional<String> reason) {
        publish(phase, retryAt, reason, phase == Phase.WAITING);
    }

    /** Like {@link #change}, but a wait with the same reason as the current one is not published again. */
    void changeQuietly(Phase phase, Optional<Instant> retryAt, Optional<String> reason) {
        publish(phase, retryAt, reason, false);
    }

    private synchronized void publish(
            Phase phase, Optional<Instant> retryAt, Optional<String> reason, boolean alwaysPublish) {
        ConnectionState next =
                new ConnectionState(channel, phase, user, attempts.getAsInt(), retryAt, reason, Instant.now());
        ConnectionState previous = state;
        state = next;
        if (previous.phase() == phase && previous.reason().equals(reason) && !alwaysPublish) {
            return;
        }
        try {
            bus.publish(next.topic(), next);
        } catch (RuntimeException e) {
            LOG.debug("Channel {}: connection state not published: {}", channel, e.toString());
        }
    }
}
