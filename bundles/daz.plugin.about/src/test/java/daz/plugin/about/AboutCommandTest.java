package daz.plugin.about;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AboutCommandTest {

    @Test
    void tellsVersionUptimeAndPlugins() {
        assertThat(AboutCommand.text("0.1.0", Duration.ofMinutes(61), List.of("about", "help", "uptime")))
                .isEqualTo("Daz 0.1.0, a CyTube bot. Up 1h 1m. Plugins (3): about, help, uptime.");
    }

    @Test
    void saysNoneWithoutPlugins() {
        assertThat(AboutCommand.text("0.1.0", Duration.ZERO, List.of())).endsWith("Plugins (0): none.");
    }
}
