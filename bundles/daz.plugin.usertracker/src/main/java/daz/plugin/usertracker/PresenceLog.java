package daz.plugin.usertracker;

import daz.api.cytube.User;
import daz.api.sql.Database;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The usertracker's tables ({@code daz_usertracker}): every statement that writes or reads sessions, activity and
 * last words. Names are matched by their lower-case key, as CyTube compares them. Times are epoch milliseconds.
 */
@Component(service = PresenceLog.class)
public class PresenceLog {

    /** Sessions end for one of these reasons. */
    static final String LEFT = "left";

    static final String DISCONNECT = "disconnect";
    static final String RESTART = "restart";

    // CyTube names hold only [A-Za-z0-9_-], so a newline separates them safely in one text parameter
    private static final String LIST = "string_to_array(?, E'\\n')";

    private final Database db;

    @Activate
    public PresenceLog(@Reference Database db) {
        this.db = db;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A user joined: a session unless one is open, and a join row. */
    void joined(String channel, User user, long at) {
        db.execute(
                "WITH s AS (INSERT INTO sessions (channel, name, name_key, rank, afk, joined_at)"
                        + " VALUES (?, ?, ?, ?, ?, to_timestamp(?::float8 / 1000))"
                        + " ON CONFLICT (channel, name_key) WHERE left_at IS NULL DO NOTHING)"
                        + " INSERT INTO activity (channel, name, name_key, kind, detail, at)"
                        + " VALUES (?, ?, ?, 'join', ?, to_timestamp(?::float8 / 1000))",
                channel,
                user.name(),
                key(user.name()),
                user.rank(),
                user.afk(),
                at,
                channel,
                user.name(),
                key(user.name()),
                String.valueOf(user.rank()),
                at);
    }

    /** A user left: the open session ends, and a leave row. */
    void left(String channel, String name, long at) {
        db.execute(
                "WITH s AS (UPDATE sessions SET left_at = to_timestamp(?::float8 / 1000), end_reason = 'left'"
                        + " WHERE channel = ? AND name_key = ? AND left_at IS NULL)"
                        + " INSERT INTO activity (channel, name, name_key, kind, at)"
                        + " VALUES (?, ?, ?, 'leave', to_timestamp(?::float8 / 1000))",
                at,
                channel,
                key(name),
                channel,
                name,
                key(name),
                at);
    }

    /** A user was marked away or back. */
    void afk(String channel, String name, boolean afk, long at) {
        db.execute(
                "WITH s AS (UPDATE sessions SET afk = ? WHERE channel = ? AND name_key = ? AND left_at IS NULL)"
                        + " INSERT INTO activity (channel, name, name_key, kind, at)"
                        + " VALUES (?, ?, ?, ?, to_timestamp(?::float8 / 1000))",
                afk,
                channel,
                key(name),
                channel,
                name,
                key(name),
                afk ? "afk" : "back",
                at);
    }

    /** A user's rank changed. */
    void rank(String channel, String name, int rank, long at) {
        db.execute(
                "WITH s AS (UPDATE sessions SET rank = ? WHERE channel = ? AND name_key = ? AND left_at IS NULL)"
                        + " INSERT INTO activity (channel, name, name_key, kind, detail, at)"
                        + " VALUES (?, ?, ?, 'rank', ?, to_timestamp(?::float8 / 1000))",
                rank,
                channel,
                key(name),
                channel,
                name,
                key(name),
                String.valueOf(rank),
                at);
    }

    /** Users' last lines; each kept if it is newer than what is kept (the replayed backlog is older). */
    void said(List<LastWords.Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        db.execute(
                "INSERT INTO last_words (channel, name_key, name, text, said_at)"
                        + " SELECT channel, name_key, name, text, to_timestamp(time::float8 / 1000)"
                        + " FROM jsonb_to_recordset(?::jsonb)"
                        + " AS w(channel text, name_key text, name text, text text, time bigint)"
                        + " ON CONFLICT (channel, name_key) DO UPDATE SET name = excluded.name, text = excluded.text,"
                        + " said_at = excluded.said_at WHERE last_words.said_at < excluded.said_at",
                LastWords.json(lines));
    }

    /**
     * The users present in a channel, as a {@code userlist} says: open sessions of users no longer there end (they
     * left unseen), sessions that the bot's own disconnect at or after {@code resumeFrom} ended are resumed for users
     * still there, and users without a session get one.
     *
     * @param resumeFrom epoch ms of this runtime's disconnect of the channel, if the channel was lost meanwhile
     */
    void present(String channel, Collection<User> users, long at, Optional<Long> resumeFrom) {
        String names = users.stream().map(u -> key(u.name())).collect(Collectors.joining("\n"));
        db.execute(
                "UPDATE sessions SET left_at = to_timestamp(?::float8 / 1000), end_reason = 'left'"
                        + " WHERE channel = ? AND left_at IS NULL AND NOT (name_key = ANY(" + LIST + "))",
                at,
                channel,
                names);
        if (resumeFrom.isPresent() && !users.isEmpty()) {
            db.execute(
                    "UPDATE sessions s SET left_at = NULL, end_reason = NULL WHERE s.channel = ?"
                            + " AND s.end_reason = 'disconnect' AND s.left_at >= to_timestamp(?::float8 / 1000)"
                            + " AND s.name_key = ANY(" + LIST + ")"
                            + " AND NOT EXISTS (SELECT 1 FROM sessions o WHERE o.channel = s.channel"
                            + " AND o.name_key = s.name_key AND o.left_at IS NULL)",
                    channel,
                    resumeFrom.get(),
                    names);
        }
        if (!users.isEmpty()) {
            db.execute(
                    "INSERT INTO sessions (channel, name, name_key, rank, afk, joined_at)"
                            + " SELECT ?, u.name, lower(u.name), u.rank::int, u.afk::boolean,"
                            + " to_timestamp(?::float8 / 1000)"
                            + " FROM unnest(" + LIST + ", " + LIST + ", " + LIST + ") AS u(name, rank, afk)"
                            + " ON CONFLICT (channel, name_key) WHERE left_at IS NULL DO NOTHING",
                    channel,
                    at,
                    users.stream().map(User::name).collect(Collectors.joining("\n")),
                    users.stream().map(u -> String.valueOf(u.rank())).collect(Collectors.joining("\n")),
                    users.stream().map(u -> String.valueOf(u.afk())).collect(Collectors.joining("\n")));
        }
    }

    /** The bot lost the channel: every open session there ends now, resumable by the next {@link #present}. */
    void disconnected(String channel, long at) {
        db.execute(
                "UPDATE sessions SET left_at = to_timestamp(?::float8 / 1000), end_reason = 'disconnect'"
                        + " WHERE channel = ? AND left_at IS NULL",
                at,
                channel);
        alive(List.of(channel), at);
    }

    /** Notes that the sessions of these channels are current up to {@code at}. */
    void alive(Collection<String> channels, long at) {
        if (channels.isEmpty()) {
            return;
        }
        db.execute(
                "INSERT INTO channel_watch (channel, alive_at) SELECT c, to_timestamp(?::float8 / 1000)"
                        + " FROM unnest(" + LIST + ") AS c ON CONFLICT (channel) DO UPDATE"
                        + " SET alive_at = GREATEST(channel_watch.alive_at, excluded.alive_at)",
                at,
                String.join("\n", channels));
    }

    /**
     * After a start: sessions still open were not seen to end (the bot or the plugin stopped); they end at their
     * channel's last heartbeat (not before they began). Returns how many.
     */
    long closeUnfinished() {
        return db.execute("UPDATE sessions s SET end_reason = 'restart', left_at = GREATEST(s.joined_at,"
                + " COALESCE((SELECT w.alive_at FROM channel_watch w WHERE w.channel = s.channel), s.joined_at))"
                + " WHERE s.left_at IS NULL");
    }

    /** What {@code !seen} needs about one user of one channel. */
    Optional<Seen> seen(String channel, String name) {
        List<Map<String, Object>> rows = db.query(
                "SELECT s.name AS session_name, w.name AS words_name,"
                        + " (extract(epoch FROM s.joined_at) * 1000)::bigint AS joined,"
                        + " (extract(epoch FROM s.left_at) * 1000)::bigint AS left_at, s.afk,"
                        + " w.text, (extract(epoch FROM w.said_at) * 1000)::bigint AS said"
                        + " FROM (SELECT 1) one"
                        + " LEFT JOIN LATERAL (SELECT * FROM sessions WHERE channel = ? AND name_key = ?"
                        + " ORDER BY joined_at DESC LIMIT 1) s ON true"
                        + " LEFT JOIN last_words w ON w.channel = ? AND w.name_key = ?",
                channel,
                key(name),
                channel,
                key(name));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        if (row.get("joined") == null && row.get("text") == null) {
            return Optional.empty();
        }
        String spelled = (String) (row.get("session_name") != null ? row.get("session_name") : row.get("words_name"));
        return Optional.of(new Seen(
                spelled,
                Optional.ofNullable((Long) row.get("joined")).map(Instant::ofEpochMilli),
                Optional.ofNullable((Long) row.get("left_at")).map(Instant::ofEpochMilli),
                Boolean.TRUE.equals(row.get("afk")),
                Optional.ofNullable((String) row.get("text")),
                Optional.ofNullable((Long) row.get("said")).map(Instant::ofEpochMilli)));
    }
}
