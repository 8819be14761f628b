package daz.itests.cytube;

import java.util.Map;

/**
 * One event a simulated user received: its index in that user's list, the time it arrived (epoch ms, and in
 * {@code micros} epoch µs from the stand-in's monotonic clock, for latencies under a millisecond), the event name and
 * its first argument as parsed JSON. Pseudo events of the client itself are named {@code $connect},
 * {@code $disconnect} ({@code {reason}}) and {@code $connect_error} ({@code {message}}).
 */
public record Received(long index, long time, long micros, String event, Object data) {

    static Received of(Map<String, Object> e) {
        long time = ((Number) e.get("t")).longValue();
        Object micros = e.get("us");
        return new Received(
                ((Number) e.get("i")).longValue(),
                time,
                micros instanceof Number n ? n.longValue() : time * 1000,
                (String) e.get("event"),
                e.get("data"));
    }

    /** The payload as a JSON object (chatMsg, pm, login, addUser, ...). */
    public Map<String, Object> map() {
        return Json.asMap(data);
    }

    /** A string field of the payload, or null. */
    public String string(String key) {
        if (!(data instanceof Map)) {
            return null;
        }
        Object v = map().get(key);
        return v == null ? null : String.valueOf(v);
    }

    /** For chatMsg and pm: who said it. */
    public String username() {
        return string("username");
    }

    /** For chatMsg and pm: the text as the server relayed it (HTML-escaped). */
    public String msg() {
        return string("msg");
    }

    public boolean is(String eventName) {
        return eventName.equals(event);
    }

    public boolean isChat(String username, String msg) {
        return is("chatMsg") && username.equals(username()) && msg.equals(msg());
    }
}
