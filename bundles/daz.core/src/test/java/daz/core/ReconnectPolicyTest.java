package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private static ReconnectPolicy policy(double random) {
        return new ReconnectPolicy(
                10, Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofMinutes(2), () -> random);
    }

    @Test
    void theDelayDoublesWithEachFailureUpToTheCap() {
        ReconnectPolicy top = policy(0.999999);
        assertThat(top.delayAfter(1)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
        assertThat(top.delayAfter(2)).isBetween(Duration.ofMillis(1999), Duration.ofMillis(2000));
        assertThat(top.delayAfter(5)).isBetween(Duration.ofMillis(15999), Duration.ofMillis(16000));
        assertThat(top.delayAfter(9)).isBetween(Duration.ofMillis(119_999), Duration.ofMinutes(2));
        assertThat(top.delayAfter(60)).isLessThanOrEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void jitterKeepsAtLeastHalfTheDelay() {
        assertThat(policy(0).delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy(0.5).delayAfter(3)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void tenFailuresCallForTheCooldown() {
        ReconnectPolicy p = policy(0.5);
        assertThat(p.exhausted(9)).isFalse();
        assertThat(p.exhausted(10)).isTrue();
        assertThat(p.cooldown()).isEqualTo(Duration.ofMinutes(30));
    }
}
