package daz.eventfilter;

import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the EventFilter sees of one plugin bundle's commands and channel listeners: calls, failures, the last error
 * and when. Its status is the plugin's health in {@code daz:status}, with no code in the plugin: running while the
 * last call succeeded, degraded after a failure until a call succeeds again.
 */
final class PluginActivity implements PluginHealth {

    private final String plugin;
    private final Clock clock;
    private final Instant since;
    private long handled;
    private long failures;
    private boolean lastFailed;
    private String lastError;
    private Instant lastErrorAt;

    PluginActivity(String plugin, Clock clock) {
        this.plugin = plugin;
        this.clock = clock;
        this.since = clock.instant();
    }

    synchronized void succeeded() {
        handled++;
        lastFailed = false;
    }

    synchronized void failed(String what, Throwable cause) {
        handled++;
        failures++;
        lastFailed = true;
        lastError = what + ": " + describe(cause);
        lastErrorAt = clock.instant();
    }

    @Override
    public synchronized PluginStatus status() {
        return new PluginStatus(
                plugin,
                lastFailed ? PluginStatus.State.DEGRADED : PluginStatus.State.RUNNING,
                Optional.ofNullable(lastError),
                0,
                handled,
                Duration.between(since, clock.instant()),
                failures,
                Optional.ofNullable(lastErrorAt));
    }

    /** The exception's type and message, on one line (what an operator needs to find it in the log). */
    static String describe(Throwable cause) {
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return message == null || message.isBlank()
                ? type
                : type + " " + message.lines().findFirst().orElse("");
    }
}
