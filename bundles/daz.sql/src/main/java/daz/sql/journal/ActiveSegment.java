package daz.sql.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The segment a {@link Journal} appends to: frames each record in the format {@link SegmentCursor} reads and writes
 * it whole at the end of the file, or not at all. Not thread-safe: the journal calls it under its append lock (or
 * while it opens), which also guards the frame buffer and the CRC.
 */
final class ActiveSegment {

    private final SegmentFiles files;
    private final long base;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 << 10);
    private FileChannel channel;
    private long size;

    private ActiveSegment(SegmentFiles files, long base, FileChannel channel, long size) {
        this.files = files;
        this.base = base;
        this.channel = channel;
        this.size = size;
    }

    /** Creates (or opens) the segment file starting at {@code base}, positioned at its end. */
    static ActiveSegment create(SegmentFiles files, long base) throws IOException {
        Path path = files.pathFor(base);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long size = channel.size();
        channel.position(size);
        files.added(base, path);
        return new ActiveSegment(files, base, channel, size);
    }

    /** Opens an existing segment of {@code size} bytes, only to force and close it: one with damage inside. */
    static ActiveSegment existing(SegmentFiles files, long base, Path path, long size) throws IOException {
        return new ActiveSegment(files, base, FileChannel.open(path, StandardOpenOption.WRITE), size);
    }

    /** The position after the last record in this segment. */
    long end() {
        return base + size;
    }

    long size() {
        return size;
    }

    /** The channel to force; after a roll or a reopen it is closed, and the caller forces the current one. */
    FileChannel channel() {
        return channel;
    }

    /** Appends one record made of the first {@code length} bytes of {@code payload}; returns the position after it. */
    long append(byte[] payload, int length) throws IOException {
        write(frame(payload, length));
        size += SegmentCursor.HEADER_BYTES + length;
        return end();
    }

    /** Cuts the segment to {@code good} bytes (a torn record at its end). */
    void truncate(long good) throws IOException {
        channel.truncate(good);
        channel.position(good);
        size = good;
    }

    void force() throws IOException {
        channel.force(false);
    }

    void close() throws IOException {
        channel.close();
    }

    private ByteBuffer frame(byte[] payload, int length) {
        int total = SegmentCursor.HEADER_BYTES + length;
        if (writeBuffer.capacity() < total) {
            writeBuffer = ByteBuffer.allocateDirect(Math.max(total, writeBuffer.capacity() * 2));
        }
        ByteBuffer buffer = writeBuffer;
        buffer.clear();
        buffer.putInt(length).putInt(0).put(payload, 0, length);
        crc.reset();
        crc.update(buffer.duplicate().position(0).limit(4));
        crc.update(payload, 0, length);
        buffer.putInt(4, (int) crc.getValue());
        return buffer.flip();
    }

    /**
     * Writes one framed record at the end of the segment. Should an interrupt still close the channel under the
     * write, the segment is reopened and the record written again, and the interrupt is left set for its owner.
     */
    private void write(ByteBuffer buffer) throws IOException {
        boolean interrupted = false;
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    return;
                } catch (ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    // not closed by Journal.close(): it waits for the append lock that this write runs under
                    if (attempt >= 2) {
                        throw e;
                    }
                    channel = FileChannel.open(files.path(base), StandardOpenOption.WRITE);
                    channel.truncate(size);
                    channel.position(size);
                    buffer.rewind();
                } catch (IOException e) {
                    // never leave half a record behind: the next append would look like damage
                    try {
                        channel.truncate(size);
                        channel.position(size);
                    } catch (IOException ignored) {
                        // the next open cuts a torn tail anyway
                    }
                    throw e;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
