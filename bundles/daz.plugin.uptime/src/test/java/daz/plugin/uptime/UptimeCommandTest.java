package daz.plugin.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.cytube.ConnectionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UptimeCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static ConnectionState link(ConnectionState.Phase phase, Instant since) {
        return new ConnectionState("chan", phase, "bot", 0, Optional.empty(), Optional.empty(), since);
    }

    @Test
    void tellsBotAndConnectionUptime() {
        String text = UptimeCommand.text(
                NOW.minus(Duration.ofHours(26).plusMinutes(3)),
                Optional.of(link(ConnectionState.Phase.READY, NOW.minusSeconds(125))),
                NOW);
        assertThat(text).isEqualTo("Bot up 1d 2h 3m, connected for 2m 5s.");
    }

    @Test
    void saysNotConnectedWhenTheLinkIsNotReady() {
        String text = UptimeCommand.text(
                NOW.minusSeconds(7), Optional.of(link(ConnectionState.Phase.WAITING, NOW.minusSeconds(3))), NOW);
        assertThat(text).isEqualTo("Bot up 7s, not connected.");
        assertThat(UptimeCommand.text(NOW.minusSeconds(7), Optional.empty(), NOW))
                .endsWith("not connected.");
    }
}
