package daz.core;

import com.fasterxml.jackson.databind.JsonNode;
import daz.api.cytube.AfkChange;
import daz.api.cytube.ChannelOptions;
import daz.api.cytube.ChatHtml;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.Cooldown;
import daz.api.cytube.ErrorMessage;
import daz.api.cytube.FloodLimit;
import daz.api.cytube.Kick;
import daz.api.cytube.LoginResult;
import daz.api.cytube.Media;
import daz.api.cytube.MovedEntry;
import daz.api.cytube.Playlist;
import daz.api.cytube.PlaylistEntry;
import daz.api.cytube.PrivateMessage;
import daz.api.cytube.QueuedEntry;
import daz.api.cytube.Rank;
import daz.api.cytube.RemovedEntry;
import daz.api.cytube.User;
import daz.api.cytube.UserCount;
import daz.api.cytube.UserLeft;
import daz.api.cytube.UserList;
import daz.api.cytube.UserRank;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Makes the typed payload ({@code daz.api.cytube} records) of the events Daz knows from their JSON. A known event
 * whose JSON lacks a field or has one of the wrong type is a {@link MalformedFrameException}; an unknown event has no
 * typed payload.
 */
final class EventTranslator {

    /** Events whose payload Daz types. */
    static final Set<String> KNOWN = Set.of(
            "chatMsg",
            "pm",
            "userlist",
            "addUser",
            "userLeave",
            "setUserRank",
            "setAFK",
            "rank",
            "usercount",
            "changeMedia",
            "playlist",
            "queue",
            "delete",
            "moveVideo",
            "login",
            "kick",
            "errorMsg",
            "cooldown",
            "channelOpts");

    /** Events that belong to the chat backlog when they come before the join's {@code userlist}. */
    static final Set<String> CHAT_LIKE = Set.of("chatMsg", "pm");

    private final FrameCodec codec;

    EventTranslator(FrameCodec codec) {
        this.codec = codec;
    }

    /** Whether {@code name} gets a typed payload. */
    static boolean known(String name) {
        return KNOWN.contains(name);
    }

    /** The typed payload of a known event, or empty for an unknown one. */
    Optional<Object> translate(String name, String raw) throws MalformedFrameException {
        if (!known(name)) {
            return Optional.empty();
        }
        JsonNode n = codec.tree(raw);
        Object typed = switch (name) {
            case "chatMsg" -> chat(n);
            case "pm" -> pm(n);
            case "userlist" -> userList(n);
            case "addUser" -> user(n);
            case "userLeave" -> new UserLeft(text(n, "name"));
            case "setUserRank" -> new UserRank(text(n, "name"), integer(n, "rank"));
            case "setAFK" -> new AfkChange(text(n, "name"), bool(n, "afk"));
            case "rank" -> new Rank(intValue(n, "rank"));
            case "usercount" -> new UserCount(intValue(n, "usercount"));
            case "changeMedia" -> media(n);
            case "playlist" -> playlist(n);
            case "queue" -> new QueuedEntry(entry(field(n, "item")), after(n.get("after")));
            case "delete" -> new RemovedEntry(longField(n, "uid"));
            case "moveVideo" -> new MovedEntry(longField(n, "from"), after(n.get("after")));
            case "login" -> login(n);
            case "kick" -> new Kick(optionalText(n, "reason").orElse(""));
            case "errorMsg" -> new ErrorMessage(optionalText(n, "msg").orElse(""));
            case "cooldown" -> new Cooldown(n.isNumber() ? n.asLong() : 0);
            case "channelOpts" -> options(n);
            default -> null;
        };
        return Optional.ofNullable(typed);
    }

    private static ChatMessage chat(JsonNode n) throws MalformedFrameException {
        String html = text(n, "msg");
        JsonNode meta = n.path("meta");
        boolean whisper = "server-whisper".equals(meta.path("addClass").asText(""));
        return new ChatMessage(text(n, "username"), html, ChatHtml.toText(html), time(n), whisper);
    }

    private static PrivateMessage pm(JsonNode n) throws MalformedFrameException {
        String html = text(n, "msg");
        return new PrivateMessage(text(n, "username"), text(n, "to"), html, ChatHtml.toText(html), time(n));
    }

    private static UserList userList(JsonNode n) throws MalformedFrameException {
        if (!n.isArray()) {
            throw new MalformedFrameException("userlist is not an array");
        }
        List<User> users = new ArrayList<>();
        for (JsonNode u : n) {
            users.add(user(u));
        }
        return new UserList(users);
    }

    private static User user(JsonNode n) throws MalformedFrameException {
        JsonNode meta = n.path("meta");
        return new User(
                text(n, "name"),
                integer(n, "rank"),
                meta.path("afk").asBoolean(false),
                meta.path("muted").asBoolean(false));
    }

    private static Media media(JsonNode n) throws MalformedFrameException {
        object(n, "media");
        JsonNode seconds = n.get("seconds");
        return new Media(
                scalarText(n, "id"),
                optionalText(n, "title").orElse(""),
                seconds != null && seconds.isNumber() ? seconds.asInt() : 0,
                optionalText(n, "duration").orElse(""),
                optionalText(n, "type").orElse(""),
                n.path("currentTime").asDouble(0),
                n.path("paused").asBoolean(false));
    }

    private static Playlist playlist(JsonNode n) throws MalformedFrameException {
        if (!n.isArray()) {
            throw new MalformedFrameException("playlist is not an array");
        }
        List<PlaylistEntry> entries = new ArrayList<>();
        for (JsonNode e : n) {
            entries.add(entry(e));
        }
        return new Playlist(entries);
    }

    private static PlaylistEntry entry(JsonNode n) throws MalformedFrameException {
        return new PlaylistEntry(
                longField(n, "uid"),
                media(field(n, "media")),
                n.path("temp").asBoolean(false),
                n.path("queueby").asText(""));
    }

    private static OptionalLong after(JsonNode after) {
        return after != null && after.canConvertToLong() && after.isNumber()
                ? OptionalLong.of(after.asLong())
                : OptionalLong.empty();
    }

    private static LoginResult login(JsonNode n) throws MalformedFrameException {
        object(n, "login");
        JsonNode success = n.get("success");
        if (success == null || !success.isBoolean()) {
            throw new MalformedFrameException("login without a boolean success");
        }
        return new LoginResult(
                success.asBoolean(),
                optionalText(n, "name"),
                n.path("guest").asBoolean(false),
                optionalText(n, "error"));
    }

    private static ChannelOptions options(JsonNode n) throws MalformedFrameException {
        object(n, "channelOpts");
        JsonNode params = n.path("chat_antiflood_params");
        FloodLimit limit = FloodLimit.ANTIFLOOD_DEFAULT;
        if (params.isObject()) {
            int burst = Math.max(0, Math.min(20, params.path("burst").asInt(limit.burst())));
            double sustained = params.path("sustained").asDouble(limit.sustained());
            if (!(sustained > 0)) {
                sustained = 1;
            }
            sustained = Math.min(10, sustained);
            double cooldown =
                    params.has("cooldown") ? params.path("cooldown").asDouble(burst / sustained) : burst / sustained;
            limit = new FloodLimit(burst, sustained, Math.max(0, cooldown));
        }
        JsonNode max = n.get("chat_max_length");
        OptionalInt maxLength =
                max != null && max.isInt() && max.asInt() > 0 ? OptionalInt.of(max.asInt()) : OptionalInt.empty();
        return new ChannelOptions(n.path("chat_antiflood").asBoolean(false), limit, maxLength);
    }

    private static long time(JsonNode n) throws MalformedFrameException {
        JsonNode t = n.get("time");
        if (t == null) {
            return 0;
        }
        if (!t.isNumber()) {
            throw new MalformedFrameException("time is not a number");
        }
        return t.asLong();
    }

    private static void object(JsonNode n, String what) throws MalformedFrameException {
        if (!n.isObject()) {
            throw new MalformedFrameException(what + " is not an object");
        }
    }

    private static JsonNode field(JsonNode n, String name) throws MalformedFrameException {
        JsonNode v = n.get(name);
        if (v == null || !v.isObject()) {
            throw new MalformedFrameException("'" + name + "' is missing or not an object");
        }
        return v;
    }

    private static String text(JsonNode n, String name) throws MalformedFrameException {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new MalformedFrameException("'" + name + "' is missing or not a string");
        }
        return v.asText();
    }

    private static String scalarText(JsonNode n, String name) throws MalformedFrameException {
        JsonNode v = n.get(name);
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new MalformedFrameException("'" + name + "' is missing");
        }
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static int integer(JsonNode n, String name) throws MalformedFrameException {
        JsonNode v = n.get(name);
        if (v == null || !v.isNumber()) {
            throw new MalformedFrameException("'" + name + "' is missing or not a number");
        }
        return v.asInt();
    }

    private static long longField(JsonNode n, String name) throws MalformedFrameException {
        JsonNode v = n.get(name);
        if (v == null || !v.isNumber()) {
            throw new MalformedFrameException("'" + name + "' is missing or not a number");
        }
        return v.asLong();
    }

    private static boolean bool(JsonNode n, String name) throws MalformedFrameException {
        JsonNode v = n.get(name);
        if (v == null || !v.isBoolean()) {
            throw new MalformedFrameException("'" + name + "' is missing or not a boolean");
        }
        return v.asBoolean();
    }

    private static int intValue(JsonNode n, String what) throws MalformedFrameException {
        if (!n.isNumber()) {
            throw new MalformedFrameException(what + " is not a number");
        }
        return n.asInt();
    }
}
