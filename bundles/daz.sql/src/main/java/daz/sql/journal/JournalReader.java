package daz.sql.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link Journal} forward from a position, segment after segment, one bounded batch at a time, so memory
 * stays bounded however long the journal is. Damaged bytes are skipped up to the next good record, with a log line.
 * For one thread.
 */
public final class JournalReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

    private final Journal journal;
    private long position;
    private long segmentBase = -1;
    private FileChannel channel;
    private SegmentCursor cursor;

    JournalReader(Journal journal, long position) {
        this.journal = journal;
        this.position = position;
    }

    /** Where the next record to read starts. */
    public long position() {
        return position;
    }

    /**
     * The next records that end at or before {@code limit}: at most {@code maxRecords}, and no more once
     * {@code maxBytes} are reached (at least one record, however large).
     */
    public List<JournalRecord> read(long limit, int maxRecords, long maxBytes) throws IOException {
        List<JournalRecord> records = new ArrayList<>();
        long bytes = 0;
        while (records.size() < maxRecords && bytes < maxBytes && position < limit) {
            Map.Entry<Long, Path> segment = journal.segmentAt(position);
            if (segment == null) {
                long first = journal.firstPosition();
                LOG.warn(
                        "Journal {}: positions {} to {} are no longer on disk; reading on from {}",
                        journal.directory(),
                        position,
                        first,
                        first);
                position = first;
                continue;
            }
            long base = segment.getKey();
            Long next = journal.nextSegment(base);
            open(base, segment.getValue());
            long end = next == null ? limit - base : Math.min(channel.size(), limit - base);
            long offset = position - base;
            if (offset >= end) {
                if (next == null) {
                    break;
                }
                position = next; // the end of a segment, or a gap left by Journal.advanceTo
                continue;
            }
            int size = cursor.check(offset, end);
            if (size > 0) {
                records.add(new JournalRecord(position, position + size, cursor.payload(offset, size)));
                position += size;
                bytes += size;
                continue;
            }
            long good = cursor.nextValid(offset + 1, end);
            long skipTo = good >= 0 ? base + good : next != null ? next : limit;
            LOG.warn(
                    "Journal {}: skipped {} damaged bytes at position {} in segment {} (torn or corrupted record)",
                    journal.directory(),
                    skipTo - position,
                    position,
                    segment.getValue().getFileName());
            journal.countDamaged(skipTo - position);
            position = skipTo;
        }
        return records;
    }

    private void open(long base, Path path) throws IOException {
        if (base == segmentBase && channel != null && channel.isOpen()) {
            return;
        }
        close();
        channel = FileChannel.open(path, StandardOpenOption.READ);
        cursor = new SegmentCursor(channel, journal.maxRecordBytes());
        segmentBase = base;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
            segmentBase = -1;
        }
    }
}
