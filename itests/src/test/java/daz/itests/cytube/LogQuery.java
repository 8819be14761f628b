package daz.itests.cytube;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A filter over the traffic log, e.g. everything the bot sent: {@code LogQuery.in().notSimulated().event("chatMsg")},
 * or the cooldowns the server sent it: {@code LogQuery.out().name("bot").event("cooldown")}. All conditions combine
 * with AND.
 */
public final class LogQuery {

    private final Map<String, String> params = new LinkedHashMap<>();

    private LogQuery() {}

    public static LogQuery all() {
        return new LogQuery();
    }

    /** Packets clients sent to the server. */
    public static LogQuery in() {
        return new LogQuery().with("dir", "in");
    }

    /** Packets the server sent to clients. */
    public static LogQuery out() {
        return new LogQuery().with("dir", "out");
    }

    /** Socket.IO event names (any of them). */
    public LogQuery event(String... events) {
        return with("event", String.join(",", events));
    }

    /** Engine.IO packet types: open, close, ping, pong, message, raw (injected), error. */
    public LogQuery type(String... types) {
        return with("type", String.join(",", types));
    }

    /** The client's logged-in name at the time (case-insensitive). */
    public LogQuery name(String name) {
        return with("name", name);
    }

    public LogQuery channel(String channel) {
        return with("channel", channel);
    }

    /** One connection, by Engine.IO sid. */
    public LogQuery sid(String sid) {
        return with("sid", sid);
    }

    public LogQuery ip(String ip) {
        return with("ip", ip);
    }

    /** Only real clients (the bot), not the stand-in's simulated users. */
    public LogQuery notSimulated() {
        return with("sim", "false");
    }

    public LogQuery simulated() {
        return with("sim", "true");
    }

    /** At most {@code n} entries per answer (the stand-in's default is 10,000). */
    public LogQuery limit(int n) {
        return with("limit", Integer.toString(n));
    }

    /** Only entries with an index at or after this cursor. */
    public LogQuery since(long index) {
        return with("since", Long.toString(index));
    }

    LogQuery with(String key, String value) {
        params.put(key, value);
        return this;
    }

    LogQuery copy() {
        LogQuery q = new LogQuery();
        q.params.putAll(params);
        return q;
    }

    String queryString() {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return params.toString();
    }
}
