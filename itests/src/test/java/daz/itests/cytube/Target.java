package daz.itests.cytube;

import java.util.Map;

/**
 * Which open connection of the CyTube side a control call acts on: the most recently opened one that is not a
 * simulated user (normally the bot), one by logged-in name (optionally in a channel), or one by Engine.IO or
 * Socket.IO sid.
 */
public final class Target {

    private final Map<String, Object> fields;

    private Target(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** The most recently opened connection that is not a simulated user. */
    public static Target last() {
        return new Target(Map.of());
    }

    /** The connection logged in as {@code name} (case-insensitive); a real client before a simulated one. */
    public static Target name(String name) {
        return new Target(Map.of("name", name));
    }

    public static Target name(String name, String channel) {
        return new Target(Map.of("name", name, "channel", channel));
    }

    /** By Engine.IO sid (the one in the open packet) or Socket.IO sid. */
    public static Target sid(String sid) {
        return new Target(Map.of("sid", sid));
    }

    Map<String, Object> fields() {
        return fields;
    }

    @Override
    public String toString() {
        return fields.isEmpty() ? "last non-simulated connection" : fields.toString();
    }
}
