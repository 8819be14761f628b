package daz.api.status;

/**
 * Whiteboard service: a plugin (or a Daz service on a plugin's behalf) registers one to report its health. The
 * shell's {@code daz:status} lists every registered one.
 */
@FunctionalInterface
public interface PluginHealth {

    /** The current status; cheap to call. */
    PluginStatus status();
}
