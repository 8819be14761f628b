package daz.plugin.usertracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each user's last line per channel since the last write, so that a busy channel costs one statement per heartbeat
 * of words rather than one per line. Thread-safe: the listener adds, the writer drains.
 */
final class LastWords {

    /** A user's latest line. */
    record Line(String channel, String nameKey, String name, String text, long time) {}

    private record Key(String channel, String nameKey) {}

    private Map<Key, Line> lines = new HashMap<>();

    /** Keeps the line if it is the user's latest. */
    synchronized void said(String channel, String name, String text, long time) {
        String key = name.toLowerCase(Locale.ROOT);
        lines.merge(
                new Key(channel, key),
                new Line(channel, key, name, text, time),
                (kept, next) -> next.time() >= kept.time() ? next : kept);
    }

    synchronized List<Line> drain() {
        List<Line> drained = new ArrayList<>(lines.values());
        lines = new HashMap<>();
        return drained;
    }

    /** Puts back lines that could not be written, unless newer ones came meanwhile. */
    synchronized void restore(List<Line> failed) {
        for (Line line : failed) {
            lines.merge(
                    new Key(line.channel(), line.nameKey()),
                    line,
                    (newer, old) -> newer.time() >= old.time() ? newer : old);
        }
    }

    /** A JSON array of the lines' fields, for {@code jsonb_to_recordset}. */
    static String json(List<Line> lines) {
        StringBuilder json = new StringBuilder("[");
        for (Line line : lines) {
            json.append(json.length() == 1 ? "" : ",")
                    .append("{\"channel\":")
                    .append(quote(line.channel()))
                    .append(",\"name_key\":")
                    .append(quote(line.nameKey()))
                    .append(",\"name\":")
                    .append(quote(line.name()))
                    .append(",\"text\":")
                    .append(quote(line.text()))
                    .append(",\"time\":")
                    .append(line.time())
                    .append('}');
        }
        return json.append(']').toString();
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                // PostgreSQL text cannot hold NUL
                case '\0' -> quoted.append("\\ufffd");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
