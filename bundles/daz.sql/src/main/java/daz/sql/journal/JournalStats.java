package daz.sql.journal;

import java.nio.file.Path;

/**
 * A snapshot of a {@link Journal}, for the shell and the tests.
 *
 * @param id the journal's identity (a new one whenever the directory starts empty)
 * @param directory where its segments live
 * @param firstPosition where the oldest segment still on disk starts
 * @param appendedPosition the end of the last appended record
 * @param durablePosition everything before it has been forced to disk
 * @param segments segment files on disk
 * @param bytesOnDisk their total size
 * @param appendedRecords records appended since the journal was opened
 * @param fsyncs forces to disk since the journal was opened
 * @param lastFsyncMillis wall-clock time of the last force, 0 if none yet
 * @param damagedBytesSkipped bytes of torn or damaged records skipped since the journal was opened
 */
public record JournalStats(
        String id,
        Path directory,
        long firstPosition,
        long appendedPosition,
        long durablePosition,
        int segments,
        long bytesOnDisk,
        long appendedRecords,
        long fsyncs,
        long lastFsyncMillis,
        long damagedBytesSkipped) {}
