package daz.sql.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads records of one segment file through a window buffer, checking each one's length and CRC.
 *
 * <p>A record is {@code [length:int32][crc32c:int32][payload]}, big-endian, where the CRC covers the four length
 * bytes and the payload. A length of zero is never written, so zeros left by a crash read as damage.
 */
final class SegmentCursor {

    static final int HEADER_BYTES = 8;
    /**
     * The window while what is left to read fits in it: a reader that keeps up with the writer reads a few records at
     * a time, and a window it does not need stays in the old generation (resident) for as long as the bot runs.
     */
    static final int SMALL_WINDOW_BYTES = 64 << 10;
    /** The window once a backlog is read (a start after a crash, a database that was away): fewer, larger reads. */
    static final int WINDOW_BYTES = 1 << 20;

    private final FileChannel channel;
    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer window = ByteBuffer.allocate(SMALL_WINDOW_BYTES);
    private long windowStart;
    private int windowLength;

    SegmentCursor(FileChannel channel, int maxRecordBytes) {
        this.channel = channel;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The size (header and payload) of the valid record at {@code offset}, or -1 if none ends before {@code end}. */
    int check(long offset, long end) throws IOException {
        if (!fill(offset, HEADER_BYTES, end)) {
            return -1;
        }
        int at = (int) (offset - windowStart);
        int length = window.getInt(at);
        if (length <= 0 || length > maxRecordBytes) {
            return -1;
        }
        if (!fill(offset, HEADER_BYTES + length, end)) {
            return -1;
        }
        at = (int) (offset - windowStart);
        crc.reset();
        crc.update(window.array(), at, 4);
        crc.update(window.array(), at + HEADER_BYTES, length);
        return (int) crc.getValue() == window.getInt(at + 4) ? HEADER_BYTES + length : -1;
    }

    /** The payload of the record {@link #check} just accepted at {@code offset}. */
    byte[] payload(long offset, int size) {
        byte[] payload = new byte[size - HEADER_BYTES];
        System.arraycopy(window.array(), (int) (offset - windowStart) + HEADER_BYTES, payload, 0, payload.length);
        return payload;
    }

    /** The offset of the next valid record at or after {@code from}, or -1 if there is none before {@code end}. */
    long nextValid(long from, long end) throws IOException {
        for (long offset = from; offset + HEADER_BYTES <= end; offset++) {
            if (check(offset, end) > 0) {
                return offset;
            }
        }
        return -1;
    }

    /** Makes the window hold bytes [offset, offset + length); false if they do not all lie before {@code end}. */
    private boolean fill(long offset, int length, long end) throws IOException {
        if (offset + length > end) {
            return false;
        }
        if (offset >= windowStart && offset + length <= windowStart + windowLength) {
            return true;
        }
        if (window.capacity() < length || (window.capacity() < WINDOW_BYTES && end - offset > window.capacity())) {
            window = ByteBuffer.allocate(Math.max(length, WINDOW_BYTES));
        }
        window.clear();
        window.limit((int) Math.min(window.capacity(), end - offset));
        long at = offset;
        while (window.hasRemaining()) {
            int read = channel.read(window, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        windowStart = offset;
        windowLength = window.position();
        return windowLength >= length;
    }
}
