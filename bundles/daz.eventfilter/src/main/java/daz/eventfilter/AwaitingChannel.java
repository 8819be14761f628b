package daz.eventfilter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Chat lines and PMs that arrived for a channel whose {@code ChannelState} is gone for a moment: while
 * {@code daz.core} is updated the old Core's channel service goes before the lines it received last are handled here,
 * and the next Core's comes back a few hundred ms later. They wait, in order, and run when the channel is ready
 * again, instead of being lost. Bounded per channel by age and count; what is older or beyond the count is given back
 * to be dropped (and logged) by the caller. Not thread-safe: the {@link CommandFilter} guards it.
 *
 * @param <T> a waiting line
 */
final class AwaitingChannel<T> {

    /** A line waiting since {@code sinceMillis}. */
    record Waiting<T>(String channel, T line, long sinceMillis) {}

    private final long maxMillis;
    private final int maxPerChannel;
    private final Map<String, Deque<Waiting<T>>> byChannel = new HashMap<>();

    AwaitingChannel(long maxMillis, int maxPerChannel) {
        this.maxMillis = maxMillis;
        this.maxPerChannel = maxPerChannel;
    }

    /** Keeps a line behind those waiting for its channel; false (not kept) when the channel has its maximum. */
    boolean hold(String channel, T line, long nowMillis) {
        Deque<Waiting<T>> waiting = byChannel.computeIfAbsent(channel, k -> new ArrayDeque<>());
        if (waiting.size() >= maxPerChannel) {
            return false;
        }
        waiting.addLast(new Waiting<>(channel, line, nowMillis));
        return true;
    }

    /** Whether lines wait for {@code channel}: a new one must go behind them. */
    boolean holds(String channel) {
        Deque<Waiting<T>> waiting = byChannel.get(channel);
        return waiting != null && !waiting.isEmpty();
    }

    /** Takes out what waits for {@code channel}, oldest first. */
    List<Waiting<T>> take(String channel) {
        Deque<Waiting<T>> waiting = byChannel.remove(channel);
        return waiting == null ? List.of() : List.copyOf(waiting);
    }

    /** Takes out what has waited {@code maxMillis} or longer at {@code nowMillis}. */
    List<Waiting<T>> expired(long nowMillis) {
        List<Waiting<T>> out = new ArrayList<>();
        Iterator<Deque<Waiting<T>>> channels = byChannel.values().iterator();
        while (channels.hasNext()) {
            Deque<Waiting<T>> waiting = channels.next();
            while (!waiting.isEmpty() && nowMillis - waiting.peekFirst().sinceMillis() >= maxMillis) {
                out.add(waiting.removeFirst());
            }
            if (waiting.isEmpty()) {
                channels.remove();
            }
        }
        return out;
    }

    /** How many lines wait. */
    int size() {
        return byChannel.values().stream().mapToInt(Deque::size).sum();
    }
}
