package daz.sql.logger;

import daz.api.bus.Event;
import daz.api.bus.Priority;
import daz.api.cytube.CytubeEvent;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Bus events as the bus would deliver them, for tests. */
final class Events {

    private static final long RECEIVED = 1_795_421_650_000L;
    private final AtomicLong ids = new AtomicLong();

    Event cytube(String channel, String name, String raw) {
        return cytube(channel, name, raw, false, Optional.empty());
    }

    Event cytube(String channel, String name, String raw, boolean replayed, Optional<Object> typed) {
        return event(
                "cytube.event." + name,
                new CytubeEvent(channel, name, raw, RECEIVED, replayed, typed),
                "daz.core",
                Optional.empty(),
                true);
    }

    Event event(String topic, Object payload, String source, Optional<String> replyTo, boolean loggable) {
        long id = ids.incrementAndGet();
        return new Event(
                Long.toString(id),
                topic,
                payload,
                source,
                Optional.empty(),
                replyTo.map(r -> "c" + id),
                replyTo,
                RECEIVED,
                System.nanoTime(),
                Priority.NORMAL,
                Set.of(),
                loggable);
    }

    static String chatRaw(String username, String msg, long time) {
        return "{\"username\":" + json(username) + ",\"msg\":" + json(msg) + ",\"meta\":{},\"time\":" + time + "}";
    }

    /** A JSON string literal, escaped as a JSON encoder would (control characters as \\uXXXX). */
    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
