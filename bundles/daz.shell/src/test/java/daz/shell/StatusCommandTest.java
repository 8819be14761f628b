package daz.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void uptimeIsShortAndReadable() {
        assertThat(StatusCommand.uptime(java.time.Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(StatusCommand.uptime(java.time.Duration.ofSeconds(125))).isEqualTo("2m5s");
        assertThat(StatusCommand.uptime(java.time.Duration.ofMinutes(185))).isEqualTo("3h5m");
    }

    @Test
    void stateNamesAreReadable() {
        assertThat(StatusCommand.stateName(org.osgi.framework.Bundle.ACTIVE)).isEqualTo("ACTIVE");
        assertThat(StatusCommand.stateName(99)).isEqualTo("UNKNOWN(99)");
    }
}
