package daz.sql.journal;

/**
 * One record read back from a {@link Journal}.
 *
 * @param position where the record starts
 * @param end where the next record starts: once a consumer has committed {@code end}, this record is done
 * @param payload the bytes that were appended
 */
public record JournalRecord(long position, long end, byte[] payload) {}
