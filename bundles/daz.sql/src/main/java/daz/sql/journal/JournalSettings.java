package daz.sql.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link Journal} is kept.
 *
 * @param directory where the segment files live
 * @param segmentBytes a segment is closed and a new one started once it would grow beyond this
 * @param fsyncIntervalMillis the flusher forces appended records to disk this often; 0 forces on every append
 * @param fsyncRecords the flusher is woken early once this many records wait for a force
 * @param maxRecordBytes the largest record accepted; also the sanity limit when reading lengths back
 */
public record JournalSettings(
        Path directory, long segmentBytes, long fsyncIntervalMillis, int fsyncRecords, int maxRecordBytes) {

    public JournalSettings {
        Objects.requireNonNull(directory, "directory");
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segment size must be at least 4096 bytes, not " + segmentBytes);
        }
        if (fsyncIntervalMillis < 0) {
            throw new IllegalArgumentException("fsync interval must not be negative, not " + fsyncIntervalMillis);
        }
        if (fsyncRecords < 1) {
            throw new IllegalArgumentException("fsync records must be at least 1, not " + fsyncRecords);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record size must be positive, not " + maxRecordBytes);
        }
    }

    /** Defaults for a directory: 16 MiB segments, group fsync every 5 ms or 2,000 records, records up to 8 MiB. */
    public static JournalSettings in(Path directory) {
        return new JournalSettings(directory, 16L << 20, 5, 2_000, 8 << 20);
    }

    public JournalSettings withSegmentBytes(long bytes) {
        return new JournalSettings(directory, bytes, fsyncIntervalMillis, fsyncRecords, maxRecordBytes);
    }

    public JournalSettings withFsync(long intervalMillis, int records) {
        return new JournalSettings(directory, segmentBytes, intervalMillis, records, maxRecordBytes);
    }
}
