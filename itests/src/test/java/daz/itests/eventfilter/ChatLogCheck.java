package daz.itests.eventfilter;

import daz.itests.Await;
import daz.itests.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat lines the channel relayed compared with the rows of {@code daz_sql.chat_log}: a relayed line with no row is
 * an event lost, a line with two rows one stored twice.
 *
 * @param relayed lines the channel relayed (its users' lines only)
 * @param stored their rows
 */
record ChatLogCheck(int relayed, int stored, int missing, int storedTwice) {

    /** Rows of lines said from {@code since} (epoch ms) on. Waits (at most {@code timeout}) until the journal has written as many rows as lines were relayed, and compares. */
    static ChatLogCheck of(
            List<String> relayedLines,
            String jdbcUrl,
            String channel,
            List<String> users,
            long since,
            Duration timeout) {
        try {
            Await.until(
                    timeout,
                    relayedLines.size() + " chat lines in daz_sql.chat_log",
                    () -> rows(jdbcUrl, channel, users, since).size() >= relayedLines.size());
        } catch (AssertionError notAll) {
            // compared below: the lines missing are the result, not a failure of the check
        }
        List<String> rows = rows(jdbcUrl, channel, users, since);
        Map<String, Integer> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(r, 1, Integer::sum));
        int missing = 0;
        for (String line : relayedLines) {
            int left = counts.getOrDefault(line, 0);
            if (left == 0) {
                missing++;
            } else {
                counts.put(line, left - 1);
            }
        }
        int twice = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new ChatLogCheck(relayedLines.size(), rows.size(), missing, twice);
    }

    /** The rows of the users in the channel, as "user\tmsg". */
    private static List<String> rows(String jdbcUrl, String channel, List<String> users, long since) {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabase.at(jdbcUrl).connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT username, msg FROM daz_sql.chat_log WHERE channel = ? AND username = ANY (?) AND time >= ?")) {
            s.setString(1, channel);
            s.setArray(2, c.createArrayOf("text", users.toArray()));
            s.setLong(3, since);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "\t" + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            return List.of(); // not migrated yet: none stored
        }
        return rows;
    }
}
