package daz.plugin.analytics;

import daz.api.sql.Database;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The analytics tables ({@code daz_analytics}). A batch of counted lines is written in one statement: the users'
 * lines per hour, day and week are added to, and each period's channel row gains the batch's lines and the users the
 * batch made new in that period (an upsert that inserted, {@code xmax = 0}); the watermarks move in the same
 * transaction, so counts and watermarks never disagree.
 */
@Component(service = CountStore.class)
public class CountStore {

    // channel and user names hold no newline, so one text parameter carries a column of the batch
    private static final String COLUMN = "string_to_array(?, E'\\n')";

    /** The three periods: their table suffix and the batch column with their key. */
    private enum Unit {
        HOURLY("hourly", "hour"),
        DAILY("daily", "day"),
        WEEKLY("weekly", "week");

        final String table;
        final String column;

        Unit(String table, String column) {
            this.table = table;
            this.column = column;
        }
    }

    private static final String FLUSH = flushStatement();

    private final Database db;

    @Activate
    public CountStore(@Reference Database db) {
        this.db = db;
    }

    private static String flushStatement() {
        StringBuilder sql = new StringBuilder("WITH b AS (SELECT channel, hour, day, week, name_key, name, lines FROM"
                + " unnest(" + COLUMN + ", " + COLUMN + "::timestamptz[], " + COLUMN + "::date[], " + COLUMN
                + "::date[], " + COLUMN + ", " + COLUMN + ", " + COLUMN + "::bigint[])"
                + " AS b(channel, hour, day, week, name_key, name, lines))");
        for (Unit unit : Unit.values()) {
            String users = "user_" + unit.table;
            sql.append(", u_")
                    .append(unit.table)
                    .append(" AS (INSERT INTO ")
                    .append(users)
                    .append(" AS t (channel, period, name_key, name, lines) SELECT channel, ")
                    .append(unit.column)
                    .append(", name_key, max(name), sum(lines) FROM b GROUP BY 1, 2, 3")
                    .append(" ON CONFLICT (channel, period, name_key) DO UPDATE SET lines = t.lines + excluded.lines,")
                    .append(" name = excluded.name RETURNING t.channel, t.period, (t.xmax = 0) AS fresh)");
            sql.append(", c_")
                    .append(unit.table)
                    .append(" AS (INSERT INTO ")
                    .append(unit.table)
                    .append(" AS t (channel, period, lines, users) SELECT s.channel, s.period, s.lines,")
                    .append(" (SELECT count(*) FROM u_")
                    .append(unit.table)
                    .append(" u WHERE u.channel = s.channel AND u.period = s.period AND u.fresh)")
                    .append(" FROM (SELECT channel, ")
                    .append(unit.column)
                    .append(" AS period, sum(lines) AS lines FROM b GROUP BY 1, 2) s")
                    .append(" ON CONFLICT (channel, period) DO UPDATE SET lines = t.lines + excluded.lines,")
                    .append(" users = t.users + excluded.users)");
        }
        sql.append(" INSERT INTO watermarks AS t (channel, last_time) SELECT * FROM unnest(")
                .append(COLUMN)
                .append(", ")
                .append(COLUMN)
                .append("::bigint[]) ON CONFLICT (channel) DO UPDATE SET last_time = GREATEST(t.last_time,")
                .append(" excluded.last_time)");
        return sql.toString();
    }

    /** Writes a batch in one transaction. */
    void write(LineTally.Batch batch, Periods periods) {
        List<LineTally.Row> rows = batch.rows();
        db.execute(
                FLUSH,
                join(rows, LineTally.Row::channel),
                join(rows, r -> r.hour().toString()),
                join(rows, r -> periods.day(r.hour()).toString()),
                join(rows, r -> periods.week(r.hour()).toString()),
                join(rows, LineTally.Row::nameKey),
                join(rows, LineTally.Row::name),
                join(rows, r -> String.valueOf(r.lines())),
                String.join("\n", batch.watermarks().keySet()),
                batch.watermarks().values().stream().map(String::valueOf).collect(Collectors.joining("\n")));
    }

    private static String join(List<LineTally.Row> rows, java.util.function.Function<LineTally.Row, String> column) {
        return rows.stream().map(column).collect(Collectors.joining("\n"));
    }

    /** The stored watermark of every channel. */
    Map<String, Long> watermarks() {
        Map<String, Long> marks = new HashMap<>();
        for (Map<String, Object> row : db.query("SELECT channel, last_time FROM watermarks")) {
            marks.put((String) row.get("channel"), ((Number) row.get("last_time")).longValue());
        }
        return marks;
    }

    /** A channel's figures for a day and its week. */
    record ChannelStats(
            long dayLines,
            long dayUsers,
            long weekLines,
            long weekUsers,
            Optional<Instant> busiestHour,
            long busiestLines) {}

    ChannelStats channel(String channel, LocalDate day, LocalDate week, Instant weekStart) {
        Map<String, Object> row = db.query(
                        "SELECT d.lines AS day_lines, d.users AS day_users, w.lines AS week_lines,"
                                + " w.users AS week_users, (extract(epoch FROM h.period) * 1000)::bigint AS hour,"
                                + " h.lines AS hour_lines FROM (SELECT 1) one"
                                + " LEFT JOIN daily d ON d.channel = ? AND d.period = ?::date"
                                + " LEFT JOIN weekly w ON w.channel = ? AND w.period = ?::date"
                                + " LEFT JOIN LATERAL (SELECT period, lines FROM hourly WHERE channel = ?"
                                + " AND period >= ?::timestamptz ORDER BY lines DESC, period DESC LIMIT 1) h ON true",
                        channel,
                        day.toString(),
                        channel,
                        week.toString(),
                        channel,
                        weekStart.toString())
                .get(0);
        return new ChannelStats(
                number(row, "day_lines"),
                number(row, "day_users"),
                number(row, "week_lines"),
                number(row, "week_users"),
                Optional.ofNullable((Number) row.get("hour")).map(n -> Instant.ofEpochMilli(n.longValue())),
                number(row, "hour_lines"));
    }

    /** A user's figures for a day and its week, and their place among the week's chatters. */
    record UserStats(String name, long dayLines, long weekLines, long place, long chatters) {}

    Optional<UserStats> user(String channel, String name, LocalDate day, LocalDate week) {
        String key = name.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> rows = db.query(
                "SELECT w.name, w.lines AS week_lines, d.lines AS day_lines, c.users AS chatters,"
                        + " (SELECT count(*) FROM user_weekly o WHERE o.channel = w.channel AND o.period = w.period"
                        + " AND o.lines > w.lines) + 1 AS place"
                        + " FROM user_weekly w LEFT JOIN user_daily d ON d.channel = w.channel"
                        + " AND d.period = ?::date AND d.name_key = w.name_key"
                        + " LEFT JOIN weekly c ON c.channel = w.channel AND c.period = w.period"
                        + " WHERE w.channel = ? AND w.period = ?::date AND w.name_key = ?",
                day.toString(),
                channel,
                week.toString(),
                key);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        return Optional.of(new UserStats(
                (String) row.get("name"),
                number(row, "day_lines"),
                number(row, "week_lines"),
                number(row, "place"),
                number(row, "chatters")));
    }

    private static long number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
