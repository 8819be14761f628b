package daz.itests.eventfilter;

import daz.itests.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * When the bot had the plugins' answers to one user's commands, from the EventFilter's audit rows
 * ({@code daz_eventfilter.daz_eventfilter_history}: {@code at} when it dispatched the command, {@code latency_ms} to
 * the plugin's answer): the time the plugin answered, before the bot's own pacing under CyTube's flood limit holds the
 * reply back. Read once the rows are written (they are written 100 ms after each command).
 */
final class ProbeAudit {

    /** One command the plugin answered: its name, dispatched and answered (epoch ms). */
    record Row(String command, long dispatchedMillis, long answeredMillis) {}

    private final List<Row> rows;

    private ProbeAudit(List<Row> rows) {
        this.rows = rows;
    }

    /** The rows of {@code user}'s commands the plugins answered ("ok"). */
    static ProbeAudit of(String jdbcUrl, String user) {
        List<Row> rows = new ArrayList<>();
        try (Connection c = TestDatabase.at(jdbcUrl).connect();
                PreparedStatement s = c.prepareStatement("SELECT command, (extract(epoch FROM at) * 1000)::bigint,"
                        + " latency_ms FROM daz_eventfilter.daz_eventfilter_history WHERE username = ? AND outcome = 'ok'"
                        + " ORDER BY at")) {
            s.setString(1, user);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(2) + rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit rows of " + user + " not read", e);
        }
        return new ProbeAudit(rows);
    }

    /** The first time the plugin answered a {@code command} dispatched within [from, to] (epoch ms). */
    OptionalLong answered(String command, long fromMillis, long toMillis) {
        return rows.stream()
                .filter(r -> r.command().equals(command)
                        && r.dispatchedMillis() >= fromMillis
                        && r.dispatchedMillis() <= toMillis)
                .mapToLong(Row::answeredMillis)
                .min();
    }

    int size() {
        return rows.size();
    }
}
