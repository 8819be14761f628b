package daz.api.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void showsTheTwoLargestUnits() {
        assertThat(DurationText.of(Duration.ofSeconds(7))).isEqualTo("7s");
        assertThat(DurationText.of(Duration.ofSeconds(306))).isEqualTo("5m 6s");
        assertThat(DurationText.of(Duration.ofMinutes(185))).isEqualTo("3h 5m");
        assertThat(DurationText.of(Duration.ofHours(51).plusMinutes(4))).isEqualTo("2d 3h 4m");
    }

    @Test
    void aNegativeDurationCountsAsZero() {
        assertThat(DurationText.of(Duration.ofSeconds(-5))).isEqualTo("0s");
    }
}
