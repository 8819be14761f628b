package daz.sql.logger;

import daz.sql.journal.JournalRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the journal records PostgreSQL refuses for good go: {@code daz_sql.log_rejects}, with the error and the
 * record's bytes, so that the rest carry on and nothing is lost. A plugin's rows that found no table get a grace
 * first: a plugin may ask for rows as it starts, while daz.sql still migrates its schema. Used by the writer's
 * thread only.
 */
final class RejectQuarantine {

    private static final Logger LOG = LoggerFactory.getLogger(RejectQuarantine.class);

    private final UUID journalId;
    /** When each record (by position) first found its plugin's table missing. */
    private final Map<Long, Long> missingTableSince = new HashMap<>();

    RejectQuarantine(UUID journalId) {
        this.journalId = journalId;
    }

    /**
     * Whether a plugin's rows found no table (or schema) and deserve another try. Only for {@code graceMillis}, so a
     * plugin that never makes its table cannot hold the journal up.
     */
    boolean awaitingPluginTable(JournalRecord journalRecord, LogRecord record, SQLException e, long graceMillis) {
        if (record.fromRules() || !SqlFailures.missingTable(e)) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (missingTableSince.size() > 1_000) {
            missingTableSince.clear();
        }
        long since = missingTableSince.computeIfAbsent(journalRecord.position(), p -> now);
        if (now - since < graceMillis) {
            return true;
        }
        missingTableSince.remove(journalRecord.position());
        return false;
    }

    /** Keeps the record (its decoded form may be null: it could not be decoded) with the error, in {@code c}. */
    void keep(Connection c, JournalRecord journalRecord, LogRecord record, String error) throws SQLException {
        String origin = record == null ? "" : record.origin();
        String targets = record == null
                ? "?"
                : record.rows().stream().map(LogRow::target).distinct().collect(Collectors.joining(", "));
        LOG.error(
                "Journal writer: PostgreSQL refused journal record {} for {}{}: {}; it is kept in {}.log_rejects",
                journalRecord.position(),
                targets,
                origin.isEmpty() ? "" : " (asked for by " + origin + ")",
                error,
                LogRules.SCHEMA);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + LogRules.SCHEMA
                + ".log_rejects (journal_id, position, origin, targets, error, record) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, journalId);
            p.setLong(2, journalRecord.position());
            p.setString(3, origin);
            p.setString(4, targets);
            p.setString(5, LogRule.clean(error));
            p.setBytes(6, journalRecord.payload());
            p.executeUpdate();
        }
    }
}
