package daz.core;

import daz.api.sql.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads and writes a channel's {@link ReconnectState} in the table {@code reconnect_state} of the schema
 * {@code daz_core}, through the {@link Database} service when there is one. Without a database the state lives only
 * as long as the process, which the caller logs once.
 */
final class ReconnectStateStore {

    private final Supplier<Optional<Database>> database;
    private final String server;
    private final String channel;

    ReconnectStateStore(Supplier<Optional<Database>> database, String server, String channel) {
        this.database = database;
        this.server = server;
        this.channel = channel;
    }

    /** Whether a database is there to keep the state. */
    boolean available() {
        return database.get().isPresent();
    }

    /** The stored state, {@link ReconnectState#NONE} when none is stored or there is no database. */
    ReconnectState load() {
        Optional<Database> db = database.get();
        if (db.isEmpty()) {
            return ReconnectState.NONE;
        }
        List<Map<String, Object>> rows = db.get()
                .query(
                        "SELECT attempts, cooldown_until, last_attempt_at, last_server, recent_connects FROM reconnect_state"
                                + " WHERE server = ? AND channel = ?",
                        server,
                        channel);
        if (rows.isEmpty()) {
            return ReconnectState.NONE;
        }
        Map<String, Object> row = rows.get(0);
        List<Long> connects = new ArrayList<>();
        if (row.get("recent_connects") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Number n) {
                    connects.add(n.longValue());
                }
            }
        }
        return new ReconnectState(
                number(row.get("attempts")).intValue(),
                number(row.get("cooldown_until")).longValue(),
                number(row.get("last_attempt_at")).longValue(),
                row.get("last_server") instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty(),
                connects);
    }

    /** Stores the state (nothing without a database). */
    void save(ReconnectState state) {
        Optional<Database> db = database.get();
        if (db.isEmpty()) {
            return;
        }
        String connects =
                state.recentConnects().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        db.get()
                .execute(
                        "INSERT INTO reconnect_state (server, channel, attempts, cooldown_until, last_attempt_at,"
                                + " last_server, recent_connects, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?::bigint[], now())"
                                + " ON CONFLICT (server, channel) DO UPDATE SET attempts = EXCLUDED.attempts,"
                                + " cooldown_until = EXCLUDED.cooldown_until,"
                                + " last_attempt_at = EXCLUDED.last_attempt_at, last_server = EXCLUDED.last_server,"
                                + " recent_connects = EXCLUDED.recent_connects, updated_at = now()",
                        server,
                        channel,
                        state.attempts(),
                        state.cooldownUntil(),
                        state.lastAttemptAt(),
                        state.lastServer().orElse(""),
                        connects);
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }
}
