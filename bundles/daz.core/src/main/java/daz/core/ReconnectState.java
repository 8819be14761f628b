package daz.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a channel's link remembers across restarts: failed attempts in a row, the end of a cooldown, the last attempt,
 * and its recent new connections with the socket server they went to (for the per-IP limit). Times are epoch
 * milliseconds, 0 for none.
 */
record ReconnectState(
        int attempts, long cooldownUntil, long lastAttemptAt, Optional<String> lastServer, List<Long> recentConnects) {

    static final ReconnectState NONE = new ReconnectState(0, 0, 0, Optional.empty(), List.of());

    /** How many past connections are kept: as many as the per-IP bucket holds. */
    static final int KEPT_CONNECTS = ConnectionThrottle.CAPACITY;

    ReconnectState {
        recentConnects = List.copyOf(recentConnects);
    }

    /** This state with a new connection to {@code server} at {@code at}. */
    ReconnectState withConnect(String server, long at) {
        List<Long> kept = new ArrayList<>(lastServer.equals(Optional.of(server)) ? recentConnects : List.of());
        kept.add(at);
        while (kept.size() > KEPT_CONNECTS) {
            kept.remove(0);
        }
        return new ReconnectState(attempts, cooldownUntil, lastAttemptAt, Optional.of(server), kept);
    }

    ReconnectState withAttempts(int newAttempts, long at) {
        return new ReconnectState(newAttempts, cooldownUntil, at, lastServer, recentConnects);
    }

    ReconnectState withCooldownUntil(long until) {
        return new ReconnectState(attempts, until, lastAttemptAt, lastServer, recentConnects);
    }
}
