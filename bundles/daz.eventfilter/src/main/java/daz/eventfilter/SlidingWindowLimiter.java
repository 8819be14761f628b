package daz.eventfilter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allows at most {@code limit} events per key within a sliding window; used per user to stop command floods. The limit
 * and window are given with each event, so a new setting applies to the next event, on the events already seen.
 */
final class SlidingWindowLimiter {

    private final Map<String, Deque<Long>> seen = new ConcurrentHashMap<>();

    /** Records an event of {@code key} at {@code now} and says whether it is within the limit. */
    boolean tryAcquire(String key, long now, int limit, long windowMillis) {
        int max = Math.max(1, limit);
        long window = Math.max(1, windowMillis);
        Deque<Long> times = seen.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - window) {
                times.pollFirst();
            }
            if (times.size() >= max) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    /** Forgets keys with no event in the window, so the map does not grow with every user ever seen. */
    void prune(long now, long windowMillis) {
        seen.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || last <= now - windowMillis;
            }
        });
    }
}
