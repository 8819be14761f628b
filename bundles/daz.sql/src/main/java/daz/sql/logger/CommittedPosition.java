package daz.sql.logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far one journal is written to PostgreSQL: its row in {@code daz_sql.journal_position}, moved in the same
 * transaction as the rows it stands for, so each record is written exactly once; a move that finds the row elsewhere
 * than expected (a second writer on a copy of the journal) fails, and the writer reads it back.
 */
final class CommittedPosition {

    private static final Logger LOG = LoggerFactory.getLogger(CommittedPosition.class);

    private final UUID journalId;

    CommittedPosition(UUID journalId) {
        this.journalId = journalId;
    }

    /** Whether the tables of daz.sql are there: its migrations ran. */
    static boolean tablesExist(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass('" + LogRules.SCHEMA
                        + ".journal_position') IS NOT NULL AND to_regclass('" + LogRules.SCHEMA
                        + ".log_rejects') IS NOT NULL");
                ResultSet rs = p.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /**
     * The committed position: the row is made at {@code first} if missing, and raised to {@code first} when the
     * journal on disk starts later (the records in between are gone).
     */
    long read(Connection c, long first, String directory) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + LogRules.SCHEMA
                + ".journal_position (journal_id, position, directory) VALUES (?, ?, ?)"
                + " ON CONFLICT (journal_id) DO NOTHING")) {
            p.setObject(1, journalId);
            p.setLong(2, first);
            p.setString(3, directory);
            p.executeUpdate();
        }
        long position = stored(c);
        if (position < first) {
            LOG.warn(
                    "Journal writer: PostgreSQL has journal {} committed up to position {}, but the journal on"
                            + " disk starts at {}; the records in between are gone, writing on from {}",
                    journalId,
                    position,
                    first,
                    first);
            try (PreparedStatement p = c.prepareStatement("UPDATE " + LogRules.SCHEMA
                    + ".journal_position SET position = ?, updated_at = now() WHERE journal_id = ?")) {
                p.setLong(1, first);
                p.setObject(2, journalId);
                p.executeUpdate();
            }
            position = first;
        }
        return position;
    }

    private long stored(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT position FROM " + LogRules.SCHEMA + ".journal_position WHERE journal_id = ?")) {
            p.setObject(1, journalId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the journal position row vanished", "40001");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Moves the position from {@code from} to {@code to} in {@code c}'s transaction. */
    void advance(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + LogRules.SCHEMA
                + ".journal_position SET position = ?, updated_at = now() WHERE journal_id = ? AND position = ?")) {
            p.setLong(1, to);
            p.setObject(2, journalId);
            p.setLong(3, from);
            if (p.executeUpdate() != 1) {
                // a second writer on a copy of this journal: never write a record twice, re-read and carry on
                throw new SQLException(
                        "the committed position of journal " + journalId + " is no longer " + from
                                + " (another writer on a copy of this journal?)",
                        "40001");
            }
        }
    }
}
