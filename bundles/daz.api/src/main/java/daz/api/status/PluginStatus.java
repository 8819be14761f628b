package daz.api.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a plugin is doing, as an operator sees it in {@code daz:status}. Several statuses of one name (the EventFilter's
 * view of a plugin's commands, the SQL service's view of its schema, the plugin's own) are shown as one row.
 *
 * @param name the plugin's name (its bundle's symbolic name)
 * @param state running, degraded (working, with trouble) or failed (not working)
 * @param lastError the last error, if any, in words an operator can act on
 * @param retryCount how often the plugin retried since it last worked
 * @param eventsHandled events (commands, channel events) handled since start
 * @param uptime time since the plugin started
 * @param failures how many of those failed (threw, or completed exceptionally)
 * @param lastErrorAt when {@code lastError} happened, if known
 */
public record PluginStatus(
        String name,
        State state,
        Optional<String> lastError,
        int retryCount,
        long eventsHandled,
        Duration uptime,
        long failures,
        Optional<Instant> lastErrorAt) {

    /** The three states a plugin can be in. */
    public enum State {
        RUNNING,
        DEGRADED,
        FAILED
    }

    /** Checks the fields. */
    public PluginStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    }

    /** A status without failure count or error time (the form of version 1.0). */
    public PluginStatus(
            String name, State state, Optional<String> lastError, int retryCount, long eventsHandled, Duration uptime) {
        this(name, state, lastError, retryCount, eventsHandled, uptime, 0, Optional.empty());
    }
}
