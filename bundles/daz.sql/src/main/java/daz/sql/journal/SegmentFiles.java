package daz.sql.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a {@link Journal} directory: the segment files, named by the position they start at, and the
 * journal's identity file. Knows where each segment lies and deletes released ones; what is inside the segments is
 * the business of {@link ActiveSegment} (writing) and {@link SegmentCursor} (reading). The segment table is
 * concurrent, so readers look segments up while the appender adds and the consumer releases them.
 */
final class SegmentFiles {

    private static final String SUFFIX = ".seg";
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\" + SUFFIX);
    private static final String ID_FILE = "journal.id";

    private final Path directory;
    private final NavigableMap<Long, Path> segments = new ConcurrentSkipListMap<>();

    /** Lists the segment files already in {@code directory}. */
    SegmentFiles(Path directory) throws IOException {
        this.directory = directory;
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches())
                    .forEach(p -> segments.put(baseOf(p), p));
        }
    }

    Path directory() {
        return directory;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    Map.Entry<Long, Path> last() {
        return segments.lastEntry();
    }

    /** Where the oldest segment on disk starts. */
    long firstPosition() {
        return segments.firstKey();
    }

    Map.Entry<Long, Path> segmentAt(long position) {
        return segments.floorEntry(position);
    }

    Long nextSegment(long base) {
        return segments.higherKey(base);
    }

    Path path(long base) {
        return segments.get(base);
    }

    /** The path of a new segment starting at {@code base}; the caller creates the file, then calls {@link #added}. */
    Path pathFor(long base) {
        return directory.resolve(String.format("%020d%s", base, SUFFIX));
    }

    /** Records a newly created segment file and makes its name durable. */
    void added(long base, Path path) {
        segments.put(base, path);
        syncDirectory();
    }

    /**
     * Deletes the segments that lie wholly before {@code committed}; the newest one always stays.
     *
     * @return how many segments were deleted
     */
    int release(long committed) throws IOException {
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

    /** How many segment files there are and how many bytes they hold. */
    record Usage(int count, long bytes) {}

    Usage usage() {
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
        return new Usage(count, bytes);
    }

    /** The journal's identity: kept while its segments are, new when the directory starts empty. */
    String identity(boolean hasSegments) throws IOException {
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

    /** Makes a newly created or deleted file name survive a power cut. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every platform can open a directory; the segment data itself is still forced
        }
    }

    private static long baseOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }
}
