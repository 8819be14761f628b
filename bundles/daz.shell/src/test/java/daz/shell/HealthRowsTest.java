package daz.shell;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.status.PluginStatus;
import daz.api.status.PluginStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthRowsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void statusesOfOnePluginBecomeOneRowWithTheWorstStateAndTheLatestError() {
        PluginStatus commands = new PluginStatus(
                "daz.plugin.x",
                State.DEGRADED,
                Optional.of("!x: IllegalStateException down"),
                0,
                7,
                Duration.ofMinutes(5),
                2,
                Optional.of(NOW.minusSeconds(30)));
        PluginStatus schema =
                new PluginStatus("daz.plugin.x", State.RUNNING, Optional.empty(), 1, 0, Duration.ofMinutes(6));
        PluginStatus other = new PluginStatus("daz.plugin.a", State.RUNNING, Optional.empty(), 0, 3, Duration.ZERO);

        List<PluginStatus> rows = HealthRows.merge(List.of(commands, schema, other));

        assertThat(rows).extracting(PluginStatus::name).containsExactly("daz.plugin.a", "daz.plugin.x");
        PluginStatus x = rows.get(1);
        assertThat(x.state()).isEqualTo(State.DEGRADED);
        assertThat(x.eventsHandled()).isEqualTo(7);
        assertThat(x.failures()).isEqualTo(2);
        assertThat(x.retryCount()).isEqualTo(1);
        assertThat(x.uptime()).isEqualTo(Duration.ofMinutes(6));
        assertThat(x.lastError()).contains("!x: IllegalStateException down");
    }

    @Test
    void theTableShowsHandledFailedAndHowLongAgoTheLastErrorWas() {
        String table = StatusCommand.health(
                List.of(new PluginStatus(
                        "daz.plugin.x",
                        State.DEGRADED,
                        Optional.of("!x: boom"),
                        0,
                        7,
                        Duration.ofMinutes(5),
                        2,
                        Optional.of(NOW.minusSeconds(30)))),
                NOW);
        assertThat(table).contains("Handled").contains("Failed");
        assertThat(table.lines().filter(l -> l.contains("daz.plugin.x")).findFirst())
                .hasValueSatisfying(row -> assertThat(row)
                        .contains("DEGRADED")
                        .contains(" 7 ")
                        .contains(" 2 ")
                        .contains("!x: boom (30s ago)"));
    }
}
