package daz.eventfilter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Allows at most {@code limit} events per key within a sliding window; used per user to stop command floods. */
final class SlidingWindowLimiter {

    private final int limit;
    private final long windowMillis;
    private final Map<String, Deque<Long>> seen = new ConcurrentHashMap<>();

    SlidingWindowLimiter(int limit, long windowMillis) {
        this.limit = Math.max(1, limit);
        this.windowMillis = Math.max(1, windowMillis);
    }

    /** Records an event of {@code key} at {@code now} and says whether it is within the limit. */
    boolean tryAcquire(String key, long now) {
        Deque<Long> times = seen.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    /** Forgets keys with no event in the window, so the map does not grow with every user ever seen. */
    void prune(long now) {
        seen.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long last = e.getValue().peekLast();
                return last == null || last <= now - windowMillis;
            }
        });
    }
}
