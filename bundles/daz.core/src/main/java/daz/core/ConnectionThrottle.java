package daz.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps every channel's new connections to one server host under CyTube's per-IP limit: a bucket of 5 connections,
 * refilled by one per 10 s (the server's {@code token-bucket.js}, replayed on the bot's own connection times). The
 * bot's refill period is a little longer than the server's so jitter never puts the bot ahead of the server's count.
 * Shared by all channels of the bundle; past connections can be fed in after a restart ({@link #seed}).
 */
@Component(service = ConnectionThrottle.class)
public class ConnectionThrottle {

    static final int CAPACITY = 5;
    static final long REFILL_MILLIS = 11_000;

    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** A throttle on the system clock. */
    public ConnectionThrottle() {
        this(System::currentTimeMillis);
    }

    ConnectionThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Takes a connection for {@code host} if one is free now and returns 0; else takes nothing and returns how many
     * milliseconds to wait before asking again.
     */
    synchronized long acquire(String host) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(host, h -> new Bucket(now));
        bucket.refill(now);
        if (bucket.tokens > 0) {
            bucket.tokens--;
            return 0;
        }
        return Math.max(1, bucket.lastRefill + REFILL_MILLIS - now);
    }

    /** The server refused a connection for its rate limit: nothing left until the next refill. */
    synchronized void exhausted(String host) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(host, h -> new Bucket(now));
        bucket.tokens = 0;
        bucket.lastRefill = now;
    }

    /** Counts connections made before this throttle existed (times in ms, any order), e.g. before a restart. */
    synchronized void seed(String host, List<Long> connectedAt) {
        long now = clock.getAsLong();
        List<Long> recent = connectedAt.stream()
                .filter(t -> t > now - CAPACITY * REFILL_MILLIS && t <= now)
                .sorted()
                .toList();
        if (recent.isEmpty()) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(host, h -> new Bucket(recent.get(0)));
        for (long t : recent) {
            bucket.refill(Math.max(t, bucket.lastRefill));
            bucket.tokens = Math.max(0, bucket.tokens - 1);
        }
        bucket.refill(now);
    }

    /** One host's bucket, as the server keeps it. */
    private static final class Bucket {
        int tokens = CAPACITY;
        long lastRefill;

        Bucket(long now) {
            this.lastRefill = now;
        }

        void refill(long now) {
            long periods = (now - lastRefill) / REFILL_MILLIS;
            if (periods > 0) {
                tokens = (int) Math.min(CAPACITY, tokens + periods);
                lastRefill = now;
            }
        }
    }
}
