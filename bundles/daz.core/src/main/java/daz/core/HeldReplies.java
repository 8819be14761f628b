package daz.core;

import daz.api.bus.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replies for a channel that has no connection in this bundle yet, kept in order for a short time. While
 * {@code daz.core} is updated the new revision's channel components activate in any order relative to the
 * {@link OutboundRouter}, so a reply can reach the router before its channel is back; it waits here and goes to the
 * channel when the channel registers. Bounded per channel by age and count: what is older than the hold time, or
 * beyond the count, is given back to be dropped (and logged) by the caller. Not thread-safe: the router guards it.
 */
final class HeldReplies {

    /** A reply waiting for its channel since {@code heldAtMillis}. */
    record Held(String channel, Event event, long heldAtMillis) {}

    private final long holdMillis;
    private final int maxPerChannel;
    private final Map<String, Deque<Held>> byChannel = new HashMap<>();

    HeldReplies(long holdMillis, int maxPerChannel) {
        this.holdMillis = holdMillis;
        this.maxPerChannel = maxPerChannel;
    }

    /** Keeps a reply behind those already held for its channel; false (not kept) when the channel has its maximum. */
    boolean hold(String channel, Event event, long nowMillis) {
        Deque<Held> held = byChannel.computeIfAbsent(key(channel), k -> new ArrayDeque<>());
        if (held.size() >= maxPerChannel) {
            return false;
        }
        held.addLast(new Held(channel, event, nowMillis));
        return true;
    }

    /** Whether replies wait for {@code channel}: a new one must go behind them. */
    boolean holds(String channel) {
        Deque<Held> held = byChannel.get(key(channel));
        return held != null && !held.isEmpty();
    }

    /** Takes out what waits for {@code channel}, oldest first. */
    List<Held> take(String channel) {
        Deque<Held> held = byChannel.remove(key(channel));
        return held == null ? List.of() : List.copyOf(held);
    }

    /** Takes out what has waited longer than the hold time at {@code nowMillis}, oldest first per channel. */
    List<Held> expired(long nowMillis) {
        List<Held> out = new ArrayList<>();
        Iterator<Deque<Held>> channels = byChannel.values().iterator();
        while (channels.hasNext()) {
            Deque<Held> held = channels.next();
            while (!held.isEmpty() && nowMillis - held.peekFirst().heldAtMillis() >= holdMillis) {
                out.add(held.removeFirst());
            }
            if (held.isEmpty()) {
                channels.remove();
            }
        }
        return out;
    }

    /** When the oldest reply held expires (epoch of the clock used), or -1 when none is held. */
    long nextExpiryMillis() {
        return byChannel.values().stream()
                .filter(d -> !d.isEmpty())
                .mapToLong(d -> d.peekFirst().heldAtMillis() + holdMillis)
                .min()
                .orElse(-1);
    }

    /** Takes out everything, oldest first per channel. */
    List<Held> drain() {
        List<Held> out = new ArrayList<>();
        byChannel.values().forEach(out::addAll);
        byChannel.clear();
        return out;
    }

    /** How many replies are held. */
    int size() {
        return byChannel.values().stream().mapToInt(Deque::size).sum();
    }

    private static String key(String channel) {
        return channel.toLowerCase(Locale.ROOT);
    }
}
