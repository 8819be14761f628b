package daz.sql.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local append-only journal of opaque records, in segment files named by the position they start at.
 *
 * <p>Positions are byte offsets in one endless stream, so they only grow: a consumer remembers the position up to
 * which it has committed and {@link #release releases} what lies before it. Every {@link #append} is written to the
 * file before it returns, so a killed process loses nothing it appended; forcing to disk happens in groups, on a
 * flusher thread, every few milliseconds or records. Readers only see {@linkplain #durablePosition durable} records,
 * so a consumer never commits a record that a power cut could still take back.
 *
 * <p>On open the last segment is checked record by record: a torn record at its end (the process died while
 * writing it) is cut off and logged; damage followed by good records is kept and skipped when read. One process at a
 * time: the directory is locked while the journal is open.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String SUFFIX = ".seg";
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\" + SUFFIX);
    private static final String ID_FILE = "journal.id";
    private static final String LOCK_FILE = "journal.lock";

    private final JournalSettings settings;
    private final Path directory;
    private final String id;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final NavigableMap<Long, Path> segments = new ConcurrentSkipListMap<>();

    private final ReentrantLock appendLock = new ReentrantLock();
    private final CRC32C crc = new CRC32C(); // guarded by appendLock
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(64 << 10); // guarded by appendLock
    private FileChannel active; // guarded by appendLock
    private long activeBase; // guarded by appendLock
    private long activeSize; // guarded by appendLock
    private int waitingForFsync; // guarded by appendLock
    private volatile long appended;
    private volatile long appendedRecords;

    private final ReentrantLock durableLock = new ReentrantLock();
    private final Condition durableAdvanced = durableLock.newCondition();
    private volatile long durable;

    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong damagedBytes = new AtomicLong();
    private volatile long lastFsyncMillis;
    private volatile boolean closed;
    private final Thread flusher;

    private Journal(JournalSettings settings, FileChannel lockChannel, FileLock lock) throws IOException {
        this.settings = settings;
        this.directory = settings.directory();
        this.lockChannel = lockChannel;
        this.lock = lock;
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches())
                    .forEach(p -> segments.put(baseOf(p), p));
        }
        this.id = identity(!segments.isEmpty());
        if (segments.isEmpty()) {
            openSegment(0);
        } else {
            Map.Entry<Long, Path> last = segments.lastEntry();
            recoverTail(last.getKey(), last.getValue());
        }
        active.force(false);
        appended = activeBase + activeSize;
        durable = appended;
        if (settings.fsyncIntervalMillis() > 0) {
            flusher = new Thread(this::flushLoop, "daz-sql-journal-flush");
            flusher.setDaemon(true);
            flusher.start();
        } else {
            flusher = null;
        }
    }

    /**
     * Opens (or creates) the journal in the settings' directory and locks it.
     *
     * @throws IOException if the directory cannot be used, or another journal holds it
     */
    public static Journal open(JournalSettings settings) throws IOException {
        Path directory = settings.directory();
        Files.createDirectories(directory);
        FileChannel lockChannel =
                FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the journal in " + directory + " is already open (in this or another process)");
        }
        try {
            return new Journal(settings, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /**
     * Appends one record: written to the segment file before this returns, forced to disk by the next group fsync.
     *
     * @return the position after the record: once a consumer has committed it, the record is done
     * @throws IllegalArgumentException if the payload is empty or larger than the configured maximum
     * @throws IOException if it could not be written; nothing of it is left in the journal then
     */
    public long append(byte[] payload) throws IOException {
        return append(payload, payload.length);
    }

    /**
     * Appends the first {@code length} bytes of {@code payload} as one record.
     *
     * @see #append(byte[])
     */
    public long append(byte[] payload, int length) throws IOException {
        if (length > payload.length) {
            throw new IllegalArgumentException(length + " bytes of a " + payload.length + " byte array");
        }
        if (length == 0 || length > settings.maxRecordBytes()) {
            throw new IllegalArgumentException(
                    "a journal record has 1 to " + settings.maxRecordBytes() + " bytes, not " + length);
        }
        int total = SegmentCursor.HEADER_BYTES + length;
        boolean wakeFlusher;
        long end;
        // An interrupted thread in a FileChannel makes the JDK close the channel: keep the flag away from the I/O
        // and give it back to the publisher afterwards.
        boolean interrupted = Thread.interrupted();
        appendLock.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (activeSize > 0 && activeSize + total > settings.segmentBytes()) {
                roll(activeBase + activeSize);
            }
            ByteBuffer buffer = frame(payload, length);
            write(buffer);
            activeSize += total;
            end = activeBase + activeSize;
            appended = end;
            appendedRecords++;
            if (flusher == null) {
                active.force(false);
                countFsync();
                markDurable(end);
                wakeFlusher = false;
            } else {
                // the first record since the last fsync wakes the flusher to start its interval; enough records
                // make it force them at once
                waitingForFsync++;
                wakeFlusher = waitingForFsync == 1 || waitingForFsync >= settings.fsyncRecords();
            }
        } finally {
            appendLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (wakeFlusher) {
            LockSupport.unpark(flusher);
        }
        return end;
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
     * Writes one framed record at the end of the active segment. Should an interrupt still close the channel under
     * the write, the segment is reopened and the record written again, and the interrupt is left set for its owner.
     */
    private void write(ByteBuffer buffer) throws IOException {
        boolean interrupted = false;
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    while (buffer.hasRemaining()) {
                        active.write(buffer);
                    }
                    return;
                } catch (ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    if (attempt >= 2 || closed) {
                        throw e;
                    }
                    active = FileChannel.open(segments.get(activeBase), StandardOpenOption.WRITE);
                    active.truncate(activeSize);
                    active.position(activeSize);
                    buffer.rewind();
                } catch (IOException e) {
                    // never leave half a record behind: the next append would look like damage
                    try {
                        active.truncate(activeSize);
                        active.position(activeSize);
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

    /** Forces the active segment, closes it and starts a new one at {@code base}. Holds appendLock. */
    private void roll(long base) throws IOException {
        long end = activeBase + activeSize;
        active.force(false);
        countFsync();
        active.close();
        markDurable(end);
        openSegment(base);
    }

    /** Creates the segment file starting at {@code base} and makes it the active one. Holds appendLock or opening. */
    private void openSegment(long base) throws IOException {
        Path path = directory.resolve(String.format("%020d%s", base, SUFFIX));
        active = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        activeSize = active.size();
        active.position(activeSize);
        activeBase = base;
        segments.put(base, path);
        syncDirectory();
    }

    /** Makes a newly created or deleted file name survive a power cut. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every platform can open a directory; the segment data itself is still forced
        }
    }

    /** Checks the last segment record by record and cuts a torn tail off (see the class comment). */
    private void recoverTail(long base, Path path) throws IOException {
        long size = Files.size(path);
        long good = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            SegmentCursor cursor = new SegmentCursor(channel, settings.maxRecordBytes());
            for (int n; (n = cursor.check(good, size)) > 0; ) {
                good += n;
            }
            if (good < size && cursor.nextValid(good + 1, size) >= 0) {
                LOG.error(
                        "Journal {}: {} damaged bytes at position {} in the middle of {}; the records after them are"
                                + " kept and the damaged bytes skipped when read",
                        directory,
                        size - good,
                        base + good,
                        path.getFileName());
                activeBase = base;
                activeSize = size;
                active = FileChannel.open(path, StandardOpenOption.WRITE);
                roll(base + size);
                return;
            }
        }
        activeBase = base;
        openSegment(base);
        if (good < size) {
            LOG.warn(
                    "Journal {}: torn record at position {} ({} bytes at the end of {}) skipped: the process stopped"
                            + " while writing it, before it was accepted",
                    directory,
                    base + good,
                    size - good,
                    path.getFileName());
            damagedBytes.addAndGet(size - good);
            active.truncate(good);
            active.position(good);
            activeSize = good;
        }
    }

    /** The journal's identity: kept while its segments are, new when the directory starts empty. */
    private String identity(boolean hasSegments) throws IOException {
        Path file = directory.resolve(ID_FILE);
        if (hasSegments && Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        String fresh = UUID.randomUUID().toString();
        Path temp = directory.resolve(ID_FILE + ".tmp");
        Files.writeString(temp, fresh + "\n", StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return fresh;
    }

    /**
     * The flusher: asleep while nothing waits for an fsync (an idle bot costs no wake-ups); woken by the first record
     * appended after an fsync, it gathers what comes within the interval and forces it in one fsync.
     */
    private void flushLoop() {
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.fsyncIntervalMillis());
        while (!closed) {
            int waiting = waitingForFsync();
            if (waiting == 0) {
                LockSupport.park(this);
                Thread.interrupted(); // nobody may stop the flusher but close()
                continue;
            }
            // an unpark that came before this thread ran is lost: enough records already waiting are forced now
            if (waiting < settings.fsyncRecords()) {
                LockSupport.parkNanos(this, interval);
            }
            Thread.interrupted();
            flush();
        }
    }

    private int waitingForFsync() {
        appendLock.lock();
        try {
            return waitingForFsync;
        } finally {
            appendLock.unlock();
        }
    }

    /** Forces what was appended to disk now (the flusher does this on its own every few milliseconds). */
    public void flush() {
        for (int attempt = 0; attempt < 3; attempt++) {
            FileChannel channel;
            long end;
            appendLock.lock();
            try {
                if (appended <= durable || closed) {
                    waitingForFsync = 0; // forced already (a segment roll does that)
                    return;
                }
                channel = active;
                end = appended;
                waitingForFsync = 0;
            } finally {
                appendLock.unlock();
            }
            try {
                channel.force(false);
                countFsync();
                markDurable(end);
                return;
            } catch (ClosedChannelException e) {
                // rolled (the roll forced it) or reopened after an interrupt: force the current segment
            } catch (IOException e) {
                LOG.error("Journal {}: cannot force records to disk: {}", directory, e.toString());
                return;
            }
        }
    }

    private void countFsync() {
        fsyncs.incrementAndGet();
        lastFsyncMillis = System.currentTimeMillis();
    }

    private void markDurable(long end) {
        durableLock.lock();
        try {
            if (end > durable) {
                durable = end;
                durableAdvanced.signalAll();
            }
        } finally {
            durableLock.unlock();
        }
    }

    /**
     * Waits until records beyond {@code position} are durable.
     *
     * @return whether they are
     */
    public boolean awaitDurable(long position, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        durableLock.lock();
        try {
            while (durable <= position && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = durableAdvanced.awaitNanos(nanos);
            }
            return durable > position;
        } finally {
            durableLock.unlock();
        }
    }

    /**
     * Starts appending at {@code position} if the journal ends before it, leaving a gap that readers step over. For
     * a consumer that committed further than the journal reaches (the journal lost a tail its disk had promised), so
     * that new records never get positions that count as committed already.
     */
    public void advanceTo(long position) throws IOException {
        appendLock.lock();
        try {
            if (position > activeBase + activeSize) {
                LOG.warn("Journal {}: appending from position {} on (it ended at {})", directory, position, appended);
                roll(position);
                appended = position;
                markDurable(position);
            }
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Deletes the segments that lie wholly before {@code committed}. The newest segment always stays, so positions
     * carry on from where they were after a restart.
     *
     * @return how many segments were deleted
     */
    public int release(long committed) throws IOException {
        int deleted = 0;
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            Long next = segments.higherKey(segment.getKey());
            if (next == null || next > committed) {
                break;
            }
            Files.deleteIfExists(segment.getValue());
            segments.remove(segment.getKey());
            deleted++;
        }
        if (deleted > 0) {
            syncDirectory();
        }
        return deleted;
    }

    /** A reader of durable records from {@code position} on; used by one thread, closed by it. */
    public JournalReader reader(long position) {
        return new JournalReader(this, position);
    }

    public String id() {
        return id;
    }

    public Path directory() {
        return directory;
    }

    public long appendedPosition() {
        return appended;
    }

    public long durablePosition() {
        return durable;
    }

    /** Where the oldest segment on disk starts. */
    public long firstPosition() {
        return segments.firstKey();
    }

    public JournalStats stats() {
        long bytes = 0;
        int count = 0;
        for (Path segment : segments.values()) {
            try {
                bytes += Files.size(segment);
                count++;
            } catch (IOException e) {
                // released meanwhile
            }
        }
        return new JournalStats(
                id,
                directory,
                firstPosition(),
                appended,
                durable,
                count,
                bytes,
                appendedRecords,
                fsyncs.get(),
                lastFsyncMillis,
                damagedBytes.get());
    }

    int maxRecordBytes() {
        return settings.maxRecordBytes();
    }

    Map.Entry<Long, Path> segmentAt(long position) {
        return segments.floorEntry(position);
    }

    Long nextSegment(long base) {
        return segments.higherKey(base);
    }

    void countDamaged(long bytes) {
        damagedBytes.addAndGet(bytes);
    }

    /** Forces what was appended, stops the flusher and releases the directory. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                active.force(false);
                markDurable(appended);
            } finally {
                active.close();
            }
        } finally {
            appendLock.unlock();
            durableLock.lock();
            try {
                durableAdvanced.signalAll();
            } finally {
                durableLock.unlock();
            }
            if (flusher != null) {
                LockSupport.unpark(flusher);
                try {
                    flusher.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    private static long baseOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }
}
