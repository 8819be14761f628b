package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionThrottleTest {

    private final AtomicLong now = new AtomicLong(100_000);
    private final ConnectionThrottle throttle = new ConnectionThrottle(now::get);

    @Test
    void fiveAtOnceThenOnePerRefill() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.acquire("cytu.be")).isZero();
        }
        long wait = throttle.acquire("cytu.be");
        assertThat(wait).isEqualTo(ConnectionThrottle.REFILL_MILLIS);
        now.addAndGet(wait);
        assertThat(throttle.acquire("cytu.be")).isZero();
        assertThat(throttle.acquire("cytu.be")).isPositive();
    }

    @Test
    void neverMoreThanFiveInAnyTenSeconds() {
        List<Long> opens = new java.util.ArrayList<>();
        for (int step = 0; step < 2000; step++) {
            if (throttle.acquire("h") == 0) {
                opens.add(now.get());
            }
            now.addAndGet(37);
        }
        for (int i = 0; i + 5 < opens.size(); i++) {
            assertThat(opens.get(i + 5) - opens.get(i)).isGreaterThanOrEqualTo(10_000);
        }
    }

    @Test
    void hostsHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 5; i++) {
            throttle.acquire("a");
        }
        assertThat(throttle.acquire("a")).isPositive();
        assertThat(throttle.acquire("b")).isZero();
    }

    @Test
    void aRateLimitRefusalEmptiesTheBucket() {
        throttle.exhausted("a");
        assertThat(throttle.acquire("a")).isEqualTo(ConnectionThrottle.REFILL_MILLIS);
    }

    @Test
    void connectionsBeforeARestartCount() {
        long t = now.get();
        throttle.seed("a", List.of(t - 3000, t - 2000, t - 1000, t - 500, t - 100));
        assertThat(throttle.acquire("a")).isPositive();
        throttle.seed("b", List.of(t - 600_000));
        assertThat(throttle.acquire("b")).isZero();
    }
}
