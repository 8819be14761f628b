package daz.plugin.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chat lines counted since the last write, summed per channel, hour and user, and the latest line time per channel
 * (the watermark that tells a replayed line already counted from one said while the bot was away). Thread-safe: the
 * listener adds, the writer drains.
 */
final class LineTally {

    /** Lines of one user in one hour of one channel. */
    record Row(String channel, Instant hour, String nameKey, String name, long lines) {}

    /** What one write carries. */
    record Batch(List<Row> rows, Map<String, Long> watermarks) {
        boolean isEmpty() {
            return rows.isEmpty() && watermarks.isEmpty();
        }
    }

    private record Key(String channel, Instant hour, String nameKey) {}

    private final Periods periods;
    private Map<Key, Row> rows = new HashMap<>();
    private Map<String, Long> pendingMarks = new HashMap<>();
    /** Latest line time per channel, counted or written; null until read from the database. */
    private Map<String, Long> watermarks;

    LineTally(Periods periods) {
        this.periods = periods;
    }

    /** The watermarks as stored: until they are known, replayed lines are not counted. */
    synchronized void known(Map<String, Long> stored) {
        Map<String, Long> merged = new HashMap<>(stored);
        if (watermarks != null) {
            watermarks.forEach((c, t) -> merged.merge(c, t, Math::max));
        }
        pendingMarks.forEach((c, t) -> merged.merge(c, t, Math::max));
        watermarks = merged;
    }

    synchronized boolean watermarksKnown() {
        return watermarks != null;
    }

    /**
     * Counts a line. A replayed one counts only if it is later than the channel's watermark (said while the bot was
     * away); a live one always counts.
     *
     * @return whether it was counted
     */
    synchronized boolean add(String channel, String name, long time, boolean replayed) {
        if (replayed) {
            if (watermarks == null || time <= watermarks.getOrDefault(channel, Long.MIN_VALUE)) {
                return false;
            }
        }
        Instant hour = periods.hour(Instant.ofEpochMilli(time));
        String key = name.toLowerCase(Locale.ROOT);
        rows.merge(
                new Key(channel, hour, key),
                new Row(channel, hour, key, name, 1),
                (a, b) -> new Row(channel, hour, key, b.name(), a.lines() + 1));
        pendingMarks.merge(channel, time, Math::max);
        if (watermarks != null) {
            watermarks.merge(channel, time, Math::max);
        }
        return true;
    }

    /** Everything counted since the last drain, and a fresh start. */
    synchronized Batch drain() {
        Batch batch = new Batch(new ArrayList<>(rows.values()), pendingMarks);
        rows = new HashMap<>();
        pendingMarks = new HashMap<>();
        return batch;
    }

    /** Puts back a batch that could not be written, to go with the next one. */
    synchronized void restore(Batch batch) {
        for (Row row : batch.rows()) {
            rows.merge(
                    new Key(row.channel(), row.hour(), row.nameKey()),
                    row,
                    (a, b) -> new Row(a.channel(), a.hour(), a.nameKey(), a.name(), a.lines() + b.lines()));
        }
        batch.watermarks().forEach((c, t) -> pendingMarks.merge(c, t, Math::max));
    }

    synchronized Optional<Long> watermark(String channel) {
        return watermarks == null ? Optional.empty() : Optional.ofNullable(watermarks.get(channel));
    }
}
