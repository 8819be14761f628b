package daz.sql.logger;

import java.util.Map;
import java.util.Optional;

/**
 * What the journal writer is doing, for the shell and the tests.
 *
 * @param state what it does now
 * @param committedPosition the journal position committed in PostgreSQL; -1 while not known (not connected yet)
 * @param recordsCommitted journal records committed since it started
 * @param batches transactions committed since it started
 * @param rows rows given and rows inserted (the rest were duplicates) per {@code schema.table} since it started
 * @param rejectedRecords records PostgreSQL refused for good (bad data), kept in {@code daz_sql.log_rejects}
 * @param lastError the last failure, with when it happened
 * @param failingSinceMillis when the current run of failures began, 0 when not failing
 */
public record DrainStatus(
        State state,
        long committedPosition,
        long recordsCommitted,
        long batches,
        Map<String, Rows> rows,
        long rejectedRecords,
        Optional<String> lastError,
        long failingSinceMillis) {

    /** What the writer does. */
    public enum State {
        STARTING,
        /** the daz_sql tables are not there yet (the migrations of daz.sql have not run) */
        WAITING_FOR_SCHEMA,
        /** writing, or waiting for new records */
        RUNNING,
        /** PostgreSQL failed; waiting before the next attempt */
        RETRYING,
        STOPPED
    }

    /**
     * @param given rows taken from the journal
     * @param inserted rows PostgreSQL inserted; the others were already there
     */
    public record Rows(long given, long inserted) {}
}
