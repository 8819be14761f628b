package daz.itests.cytube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A channel of the stand-in, to create with {@link CytubeStandin#createChannel(ChannelConfig)} (or to change one:
 * only the keys set are applied).
 */
public final class ChannelConfig {

    private final String name;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final List<Object> accounts = new ArrayList<>();
    private final List<Object> backlog = new ArrayList<>();

    private ChannelConfig(String name) {
        this.name = name;
    }

    /** A registered channel: markup filters on, the state (backlog) kept over restarts. */
    public static ChannelConfig registered(String name) {
        return new ChannelConfig(name).set("registered", true);
    }

    /** An unregistered channel: sends channelNotRegistered, no markup filters, forgets its backlog when empty. */
    public static ChannelConfig unregistered(String name) {
        return new ChannelConfig(name).set("registered", false);
    }

    /** Only the given keys, for changing an existing channel. */
    public static ChannelConfig change(String name) {
        return new ChannelConfig(name);
    }

    public String name() {
        return name;
    }

    /** A registered account (site-wide) with its rank in this channel (1 registered, 2 moderator, 3 admin, ...). */
    public ChannelConfig account(String user, String password, int rank) {
        accounts.add(Json.obj("name", user, "password", password, "rank", rank));
        return this;
    }

    /** The channel's antiflood (burst 4, then 1 per second, 4 s to cool down) for ranks below 2. */
    public ChannelConfig antiflood(boolean on) {
        return set("antiflood", on);
    }

    public ChannelConfig antiflood(int burst, double sustained) {
        return set("antiflood", Json.obj("burst", burst, "sustained", sustained));
    }

    /** Chat length limit (default 320, at most 1000). */
    public ChannelConfig maxLength(int chars) {
        return set("maxLength", chars);
    }

    public ChannelConfig motd(String html) {
        return set("motd", html);
    }

    /** A backlog line, stored as given ({@code msg} is already the server's HTML); times count back from now. */
    public ChannelConfig backlog(String username, String msg) {
        backlog.add(Json.obj("username", username, "msg", msg));
        return this;
    }

    public ChannelConfig backlog(String username, String msg, long epochMillis) {
        backlog.add(Json.obj("username", username, "msg", msg, "time", epochMillis));
        return this;
    }

    /** What plays (sent as setCurrent + changeMedia on join). */
    public ChannelConfig media(String id, String title, int seconds) {
        return set("media", Json.obj("id", id, "title", title, "seconds", seconds, "type", "yt"));
    }

    /** Markup filters ({@code *bold*} ...); default: on for registered channels. */
    public ChannelConfig filters(boolean on) {
        return set("filters", on);
    }

    /** Links to anchors (default on). */
    public ChannelConfig linkify(boolean on) {
        return set("linkify", on);
    }

    /** Also escape {@code " ' ( )} as older servers did. */
    public ChannelConfig escapeQuotes(boolean on) {
        return set("escapeQuotes", on);
    }

    /** Any other key of the control API's channel configuration (see the stand-in's README). */
    public ChannelConfig set(String key, Object value) {
        config.put(key, value);
        return this;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(config);
        if (!accounts.isEmpty()) {
            json.put("accounts", accounts);
        }
        if (!backlog.isEmpty()) {
            json.put("backlog", backlog);
        }
        return json;
    }
}
