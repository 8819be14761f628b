package daz.plugin.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineTallyTest {

    private static final long T = Instant.parse("2026-12-02T10:15:00Z").toEpochMilli();

    @Test
    void replayedLinesWaitForTheWatermarks() {
        LineTally tally = new LineTally(new Periods(ZoneId.of("UTC")));
        assertThat(tally.add("c", "alice", T, true))
                .as("watermarks not read yet: kept to be judged")
                .isFalse();
        assertThat(tally.add("c", "alice", T, true))
                .as("the same line replayed again")
                .isFalse();
        assertThat(tally.add("c", "zoe", T - 10, true))
                .as("counted before the bot left")
                .isFalse();
        assertThat(tally.add("c", "alice", T + 1, false)).isTrue();
        tally.known(Map.of("c", T - 5, "d", T));
        assertThat(tally.watermark("c"))
                .as("what was counted meanwhile counts too")
                .contains(T + 1);
        assertThat(tally.add("d", "bob", T + 1, true)).isTrue();
        assertThat(tally.drain().rows())
                .extracting(LineTally.Row::channel, LineTally.Row::nameKey, LineTally.Row::lines)
                .as("alice's replayed line, said after the stored watermark, counts once; zoe's, before it, not")
                .containsExactlyInAnyOrder(tuple("c", "alice", 2L), tuple("d", "bob", 1L));
        assertThat(tally.drain().isEmpty()).isTrue();
    }

    @Test
    void periodsFollowTheZoneAndWeeksStartOnMonday() {
        Periods paris = new Periods(ZoneId.of("Europe/Paris"));
        Instant lateSunday = Instant.parse("2026-12-06T23:30:00Z"); // Monday 00:30 in Paris
        assertThat(paris.day(lateSunday)).isEqualTo(LocalDate.parse("2026-12-07"));
        assertThat(paris.week(lateSunday)).isEqualTo(LocalDate.parse("2026-12-07"));
        assertThat(new Periods(ZoneId.of("UTC")).week(lateSunday)).isEqualTo(LocalDate.parse("2026-11-30"));
        assertThat(paris.hour(lateSunday)).isEqualTo(Instant.parse("2026-12-06T23:00:00Z"));
    }
}
