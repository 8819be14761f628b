package daz.sql.journal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
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
 *
 * <p>This class holds the locks and the positions; the files are {@link SegmentFiles}, the segment written to is
 * {@link ActiveSegment}, the check on open is {@link TailScan}, and the group fsync runs on {@link GroupFlusher}.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String LOCK_FILE = "journal.lock";

    private final JournalSettings settings;
    private final Path directory;
    private final String id;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SegmentFiles segments;

    private final ReentrantLock appendLock = new ReentrantLock();
    private ActiveSegment active; // guarded by appendLock
    private int waitingForFsync; // guarded by appendLock
    private volatile long appended;
    private volatile long appendedRecords;

    private final DurablePosition durable = new DurablePosition(0, this::isClosed);

    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong damagedBytes = new AtomicLong();
    private volatile long lastFsyncMillis;
    private volatile boolean closed;
    private final GroupFlusher flusher;

    private Journal(JournalSettings settings, FileChannel lockChannel, FileLock lock, LongSupplier clock)
            throws IOException {
        this.settings = settings;
        this.directory = settings.directory();
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.segments = new SegmentFiles(directory);
        this.id = segments.identity(!segments.isEmpty());
        if (segments.isEmpty()) {
            active = ActiveSegment.create(segments, 0);
        } else {
            Map.Entry<Long, Path> last = segments.last();
            recoverTail(TailScan.of(last.getKey(), last.getValue(), settings.maxRecordBytes()));
        }
        active.force();
        appended = active.end();
        markDurable(appended);
        if (settings.fsyncIntervalMillis() > 0) {
            flusher = new GroupFlusher(this, settings, clock);
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
        return open(settings, System::nanoTime);
    }

    /** {@link #open(JournalSettings)} with the flusher's clock (nanoseconds) given: for tests. */
    static Journal open(JournalSettings settings, LongSupplier clock) throws IOException {
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
            return new Journal(settings, lockChannel, lock, clock);
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
            if (active.size() > 0 && active.size() + total > settings.segmentBytes()) {
                roll(active.end());
            }
            end = active.append(payload, length);
            appended = end;
            appendedRecords++;
            if (flusher == null) {
                active.force();
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
            flusher.wake();
        }
        return end;
    }

    /** Forces the active segment, closes it and starts a new one at {@code base}. Holds appendLock. */
    private void roll(long base) throws IOException {
        long end = active.end();
        active.force();
        countFsync();
        active.close();
        markDurable(end);
        active = ActiveSegment.create(segments, base);
    }

    /** Acts on what the check of the last segment found (see the class comment). */
    private void recoverTail(TailScan tail) throws IOException {
        if (tail.damageInMiddle()) {
            LOG.error(
                    "Journal {}: {} damaged bytes at position {} in the middle of {}; the records after them are"
                            + " kept and the damaged bytes skipped when read",
                    directory,
                    tail.size() - tail.good(),
                    tail.base() + tail.good(),
                    tail.path().getFileName());
            active = ActiveSegment.existing(segments, tail.base(), tail.path(), tail.size());
            roll(tail.base() + tail.size());
            return;
        }
        active = ActiveSegment.create(segments, tail.base());
        if (tail.torn()) {
            LOG.warn(
                    "Journal {}: torn record at position {} ({} bytes at the end of {}) skipped: the process stopped"
                            + " while writing it, before it was accepted",
                    directory,
                    tail.base() + tail.good(),
                    tail.size() - tail.good(),
                    tail.path().getFileName());
            damagedBytes.addAndGet(tail.size() - tail.good());
            active.truncate(tail.good());
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** How many records were appended since the last fsync; for the flusher. */
    int waitingForFsync() {
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
                if (appended <= durable.get() || closed) {
                    waitingForFsync = 0; // forced already (a segment roll does that)
                    return;
                }
                channel = active.channel();
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
        durable.advance(end);
    }

    /**
     * Waits until records beyond {@code position} are durable.
     *
     * @return whether they are
     */
    public boolean awaitDurable(long position, long timeout, TimeUnit unit) throws InterruptedException {
        return durable.await(position, timeout, unit);
    }

    /**
     * Starts appending at {@code position} if the journal ends before it, leaving a gap that readers step over. For
     * a consumer that committed further than the journal reaches (the journal lost a tail its disk had promised), so
     * that new records never get positions that count as committed already.
     */
    public void advanceTo(long position) throws IOException {
        appendLock.lock();
        try {
            if (position > active.end()) {
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
        return segments.release(committed);
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
        return durable.get();
    }

    /** Where the oldest segment on disk starts. */
    public long firstPosition() {
        return segments.firstPosition();
    }

    public JournalStats stats() {
        SegmentFiles.Usage usage = segments.usage();
        return new JournalStats(
                id,
                directory,
                firstPosition(),
                appended,
                durable.get(),
                usage.count(),
                usage.bytes(),
                appendedRecords,
                fsyncs.get(),
                lastFsyncMillis,
                damagedBytes.get());
    }

    int maxRecordBytes() {
        return settings.maxRecordBytes();
    }

    Map.Entry<Long, Path> segmentAt(long position) {
        return segments.segmentAt(position);
    }

    Long nextSegment(long base) {
        return segments.nextSegment(base);
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
                active.force();
                markDurable(appended);
            } finally {
                active.close();
            }
        } finally {
            appendLock.unlock();
            durable.wakeAll();
            if (flusher != null) {
                flusher.stop();
            }
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }
}
