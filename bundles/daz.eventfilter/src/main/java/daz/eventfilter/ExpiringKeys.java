package daz.eventfilter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys that hold until a moment: per-user cooldowns ({@code channel/user/command} until the cooldown ends) and
 * refusal notices (a refused user is told once, then not again until the mark expires).
 */
final class ExpiringKeys {

    private final Map<String, Long> until = new ConcurrentHashMap<>();

    /** Whether {@code key} is marked at {@code now}. */
    boolean active(String key, long now) {
        Long end = until.get(key);
        return end != null && end > now;
    }

    /** Milliseconds left on {@code key} at {@code now}, 0 when not marked. */
    long remaining(String key, long now) {
        Long end = until.get(key);
        return end == null ? 0 : Math.max(0, end - now);
    }

    /** Marks {@code key} until {@code end}. */
    void mark(String key, long end) {
        until.put(key, end);
    }

    /**
     * Marks {@code key} until {@code end} unless it is marked already.
     *
     * @return true if this call set the mark (the caller is the first to act on it)
     */
    boolean markIfAbsent(String key, long now, long end) {
        boolean[] set = {false};
        until.compute(key, (k, old) -> {
            if (old != null && old > now) {
                return old;
            }
            set[0] = true;
            return end;
        });
        return set[0];
    }

    /** Drops expired marks. */
    void prune(long now) {
        until.values().removeIf(end -> end <= now);
    }
}
