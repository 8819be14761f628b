package daz.api.status;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a plugin is doing, as an operator sees it in {@code daz:status}.
 *
 * @param name the plugin's name (its bundle's symbolic name)
 * @param state running, degraded (working, with trouble) or failed (not working)
 * @param lastError the last error, if any, in words an operator can act on
 * @param retryCount how often the plugin retried since it last worked
 * @param eventsHandled events handled since start
 * @param uptime time since the plugin started
 */
public record PluginStatus(
        String name, State state, Optional<String> lastError, int retryCount, long eventsHandled, Duration uptime) {

    /** The three states a plugin can be in. */
    public enum State {
        RUNNING,
        DEGRADED,
        FAILED
    }

    public PluginStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(uptime, "uptime");
    }
}
