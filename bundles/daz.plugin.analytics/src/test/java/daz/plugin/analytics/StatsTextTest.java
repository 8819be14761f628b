package daz.plugin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsTextTest {

    @Test
    void theChannelsFigures() {
        CountStore.ChannelStats stats =
                new CountStore.ChannelStats(12, 1, 340, 25, Optional.of(Instant.parse("2026-12-04T20:00:00Z")), 87);
        assertThat(StatsText.channel(stats, ZoneId.of("UTC")))
                .isEqualTo("Today: 12 lines from 1 user. This week: 340 lines from 25 users."
                        + " Busiest hour: Fri 20:00 UTC (87 lines).");
        assertThat(StatsText.channel(new CountStore.ChannelStats(0, 0, 0, 0, Optional.empty(), 0), ZoneId.of("UTC")))
                .isEqualTo("Nobody has said anything here this week.");
    }

    @Test
    void aUsersFigures() {
        assertThat(StatsText.user("ALICE", Optional.of(new CountStore.UserStats("alice", 1, 40, 3, 25))))
                .isEqualTo("alice: 1 line today, 40 this week, #3 of 25 chatters this week.");
        assertThat(StatsText.user("zed", Optional.empty())).isEqualTo("zed has said nothing here this week.");
    }
}
