package daz.api.status;

/**
 * Whiteboard service: reports a plugin's health in the shell's {@code daz:status}. A plugin rarely needs one: the
 * EventFilter already reports, for every bundle with commands or channel listeners, what it handled, how much failed,
 * the last error and when. Register one only to say more (a lost upstream service, a retry loop); it is shown in the
 * same row as the EventFilter's view when its {@link PluginStatus#name()} is the bundle's symbolic name.
 */
@FunctionalInterface
public interface PluginHealth {

    /** The current status; cheap to call. */
    PluginStatus status();
}
