package daz.plugin.mediatracker;

import daz.api.cytube.Media;
import daz.api.sql.Database;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The mediatracker's tables ({@code daz_mediatracker}): plays and play counts. A {@code changeMedia} for the item
 * already under way (the rejoin after a reconnect or a restart sends it again) continues that play instead of
 * counting a second one. Times are epoch milliseconds.
 */
@Component(service = PlayLog.class)
public class PlayLog {

    private static final String TS = "to_timestamp(?::float8 / 1000)";
    private static final String PLAY_COLUMNS = "title, media_type, media_id, seconds, queued_by,"
            + " (extract(epoch FROM started_at) * 1000)::bigint AS started, position,"
            + " (extract(epoch FROM position_at) * 1000)::bigint AS position_at, paused, played_seconds";

    private final Database db;

    @Activate
    public PlayLog(@Reference Database db) {
        this.db = db;
    }

    /**
     * The channel plays {@code media} from {@code at}: the play under way continues if it is the same item and it is
     * either past its start or still within its length; otherwise that play ends and a new one is counted.
     *
     * @return whether a new play began
     */
    boolean changed(String channel, Media media, Optional<String> queuedBy, long at) {
        Optional<Play> current = current(channel);
        if (current.isPresent() && continues(current.get(), media, at)) {
            if (media.currentTime() > 1) {
                position(channel, media.currentTime(), media.paused(), at);
            }
            return false;
        }
        end(channel, at);
        double start = Math.max(0, media.currentTime());
        db.execute(
                "WITH p AS (INSERT INTO plays (channel, media_type, media_id, title, seconds, queued_by, started_at,"
                        + " start_position, position, position_at, paused) VALUES (?, ?, ?, ?, ?, ?, " + TS
                        + ", ?, ?, " + TS + ", ?))"
                        + " INSERT INTO media_counts (channel, media_type, media_id, title, plays, last_played)"
                        + " VALUES (?, ?, ?, ?, 1, " + TS + ") ON CONFLICT (channel, media_type, media_id) DO UPDATE"
                        + " SET plays = media_counts.plays + 1, title = excluded.title,"
                        + " last_played = excluded.last_played",
                channel,
                media.type(),
                media.id(),
                media.title(),
                media.seconds(),
                queuedBy.filter(q -> !q.isBlank()).orElse(null),
                at,
                start,
                start,
                at,
                media.paused(),
                channel,
                media.type(),
                media.id(),
                media.title(),
                at);
        return true;
    }

    private static boolean continues(Play current, Media media, long at) {
        if (!current.type().equals(media.type()) || !current.id().equals(media.id())) {
            return false;
        }
        if (media.currentTime() > 1 || current.seconds() <= 0) {
            return true;
        }
        // at 0 again: the same item queued anew once the last play could have ended, else the same play re-sent
        return Instant.ofEpochMilli(at).isBefore(current.startedAt().plusSeconds(current.seconds() + 5L));
    }

    /** The play under way ends at {@code at}: how far it got from where it was first seen, within its length. */
    void end(String channel, long at) {
        db.execute(
                "UPDATE plays SET ended_at = " + TS + ", played_seconds = round(GREATEST(0,"
                        + " LEAST(CASE WHEN seconds > 0 THEN seconds ELSE 'Infinity'::float8 END, position"
                        + " + CASE WHEN paused THEN 0 ELSE GREATEST(0, extract(epoch FROM " + TS
                        + " - position_at)) END) - start_position))::int WHERE channel = ? AND ended_at IS NULL",
                at,
                at,
                channel);
    }

    /** A position report ({@code mediaUpdate}) for the play under way. */
    void position(String channel, double position, boolean paused, long at) {
        db.execute(
                "UPDATE plays SET position = ?, paused = ?, position_at = " + TS
                        + " WHERE channel = ? AND ended_at IS NULL",
                position,
                paused,
                at,
                channel);
    }

    /** The play under way in the channel, if any. */
    Optional<Play> current(String channel) {
        return db
                .query("SELECT " + PLAY_COLUMNS + " FROM plays WHERE channel = ? AND ended_at IS NULL", channel)
                .stream()
                .findFirst()
                .map(PlayLog::play);
    }

    /** The last {@code n} plays that ended, latest first. */
    List<Play> last(String channel, int n) {
        return db
                .query(
                        "SELECT " + PLAY_COLUMNS + " FROM plays WHERE channel = ? AND ended_at IS NOT NULL"
                                + " ORDER BY started_at DESC LIMIT ?",
                        channel,
                        n)
                .stream()
                .map(PlayLog::play)
                .toList();
    }

    /** An item and how often it was played. */
    record Count(String title, long plays) {}

    /** The {@code n} most played items of the channel; ties go to the one played last. */
    List<Count> top(String channel, int n) {
        return db
                .query(
                        "SELECT title, plays FROM media_counts WHERE channel = ?"
                                + " ORDER BY plays DESC, last_played DESC LIMIT ?",
                        channel,
                        n)
                .stream()
                .map(row -> new Count((String) row.get("title"), ((Number) row.get("plays")).longValue()))
                .toList();
    }

    private static Play play(Map<String, Object> row) {
        return new Play(
                (String) row.get("title"),
                (String) row.get("media_type"),
                (String) row.get("media_id"),
                ((Number) row.get("seconds")).intValue(),
                Optional.ofNullable((String) row.get("queued_by")),
                Instant.ofEpochMilli(((Number) row.get("started")).longValue()),
                ((Number) row.get("position")).doubleValue(),
                Instant.ofEpochMilli(((Number) row.get("position_at")).longValue()),
                Boolean.TRUE.equals(row.get("paused")),
                Optional.ofNullable((Number) row.get("played_seconds")).map(Number::intValue));
    }
}
