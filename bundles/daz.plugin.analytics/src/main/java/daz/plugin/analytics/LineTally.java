package daz.plugin.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

    private record Line(String channel, String name, long time) {}

    /** Replayed lines kept while the watermarks are unknown, at most this many (a first start's joins replay 15). */
    static final int MAX_UNJUDGED = 10_000;

    private final Periods periods;
    private Map<Key, Row> rows = new HashMap<>();
    private Map<String, Long> pendingMarks = new HashMap<>();
    /** Latest line time per channel, counted or written; null until read from the database. */
    private Map<String, Long> watermarks;
    /** Replayed lines that came before the watermarks were known (each once): judged when they are. */
    private LinkedHashSet<Line> unjudged = new LinkedHashSet<>();

    LineTally(Periods periods) {
        this.periods = periods;
    }

    /**
     * The watermarks as stored. The replayed lines that came before (a join while the schema was still being
     * migrated, or the database away) are judged now, against what was stored: the lines counted meanwhile are live
     * ones, later than any replayed line.
     */
    synchronized void known(Map<String, Long> stored) {
        Map<String, Long> merged = new HashMap<>(stored);
        if (watermarks != null) {
            watermarks.forEach((c, t) -> merged.merge(c, t, Math::max));
        }
        pendingMarks.forEach((c, t) -> merged.merge(c, t, Math::max));
        watermarks = merged;
        LinkedHashSet<Line> waiting = unjudged;
        unjudged = new LinkedHashSet<>();
        for (Line line : waiting) {
            if (line.time() > stored.getOrDefault(line.channel(), Long.MIN_VALUE)) {
                count(line.channel(), line.name(), line.time());
            }
        }
    }

    synchronized boolean watermarksKnown() {
        return watermarks != null;
    }

    /**
     * Counts a line. A replayed one counts only if it is later than the channel's watermark (said while the bot was
     * away); before the watermarks are known it waits for them ({@link #known}); a live one always counts.
     *
     * @return whether it was counted now
     */
    synchronized boolean add(String channel, String name, long time, boolean replayed) {
        if (replayed) {
            if (watermarks == null) {
                if (unjudged.size() < MAX_UNJUDGED) {
                    unjudged.add(new Line(channel, name, time));
                }
                return false;
            }
            if (time <= watermarks.getOrDefault(channel, Long.MIN_VALUE)) {
                return false;
            }
        }
        count(channel, name, time);
        return true;
    }

    private void count(String channel, String name, long time) {
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
