package daz.itests.cytube;

import java.util.Map;

/**
 * One entry of the stand-in's connection log. {@code kind}: {@code open} (a new Engine.IO connection),
 * {@code connect} (a Socket.IO connect, {@code result} accepted / rate-limited / too-many-connections),
 * {@code close} ({@code reason}), {@code socketconfig} (a discovery request), {@code server-start} /
 * {@code server-stop}.
 */
public record ConnectionEvent(
        long index,
        long time,
        String kind,
        String result,
        String sid,
        String ip,
        boolean sim,
        Map<String, Object> all) {

    static ConnectionEvent of(Map<String, Object> e) {
        return new ConnectionEvent(
                ((Number) e.get("i")).longValue(),
                ((Number) e.get("t")).longValue(),
                (String) e.get("kind"),
                (String) e.get("result"),
                (String) e.get("sid"),
                (String) e.get("ip"),
                Boolean.TRUE.equals(e.get("sim")),
                e);
    }
}
