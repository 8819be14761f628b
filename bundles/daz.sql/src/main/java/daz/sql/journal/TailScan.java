package daz.sql.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a {@link Journal} finds when it opens: the last segment checked record by record, up to the first damage.
 * Damage with a good record after it is kept (readers skip it); damage at the very end is a torn record, cut off.
 *
 * @param base where the segment starts
 * @param path the segment file
 * @param size its size in bytes
 * @param good how many bytes from its start hold good records
 * @param damageInMiddle whether a good record follows the damage
 */
record TailScan(long base, Path path, long size, long good, boolean damageInMiddle) {

    static TailScan of(long base, Path path, int maxRecordBytes) throws IOException {
        long size = Files.size(path);
        long good = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            SegmentCursor cursor = new SegmentCursor(channel, maxRecordBytes);
            for (int n; (n = cursor.check(good, size)) > 0; ) {
                good += n;
            }
            boolean damageInMiddle = good < size && cursor.nextValid(good + 1, size) >= 0;
            return new TailScan(base, path, size, good, damageInMiddle);
        }
    }

    /** Whether a torn record is to be cut off the end. */
    boolean torn() {
        return good < size && !damageInMiddle;
    }
}
