package daz.itests.cytube;

import java.util.Map;

/**
 * One Engine.IO packet of the stand-in's traffic log. {@code dir} is {@code in} (a client sent it to the server)
 * or {@code out} (the server sent it); {@code type} the Engine.IO packet type (open, ping, pong, message, ...,
 * or raw for injected frames); for Socket.IO events {@code event} and {@code data} (first argument) are parsed;
 * {@code raw} is the frame's text (cut at 64 KiB). {@code name} and {@code channel} are the client's at the time.
 */
public record LogEntry(
        long index,
        long time,
        String dir,
        String sid,
        boolean sim,
        String ip,
        String name,
        String channel,
        String type,
        String event,
        Object data,
        String raw,
        Map<String, Object> all) {

    static LogEntry of(Map<String, Object> e) {
        return new LogEntry(
                ((Number) e.get("i")).longValue(),
                ((Number) e.get("t")).longValue(),
                (String) e.get("dir"),
                (String) e.get("sid"),
                Boolean.TRUE.equals(e.get("sim")),
                (String) e.get("ip"),
                (String) e.get("name"),
                (String) e.get("channel"),
                (String) e.get("type"),
                (String) e.get("event"),
                e.get("data"),
                (String) e.get("raw"),
                e);
    }

    /** Whether a frozen connection swallowed it. */
    public boolean dropped() {
        return Boolean.TRUE.equals(all.get("dropped"));
    }

    /** Whether it was written with {@link CytubeStandin#inject}. */
    public boolean injected() {
        return Boolean.TRUE.equals(all.get("injected"));
    }

    /** A string field of the event's payload, or null. */
    public String string(String key) {
        if (!(data instanceof Map)) {
            return null;
        }
        Object v = Json.asMap(data).get(key);
        return v == null ? null : String.valueOf(v);
    }
}
