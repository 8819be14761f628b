package daz.plugin.usertracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SeenAnswerTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static Optional<Instant> ago(Duration d) {
        return Optional.of(NOW.minus(d));
    }

    @Test
    void aNameNeverSeenIsSaidSoAsTyped() {
        assertThat(SeenAnswer.of("Nobody", Optional.empty(), NOW, 100)).isEqualTo("I have never seen Nobody here.");
    }

    @Test
    void aUserHereNowGetsTheStayAndTheLastLine() {
        Seen seen = new Seen(
                "Alice",
                ago(Duration.ofMinutes(65)),
                Optional.empty(),
                false,
                Optional.of("hello  there"),
                ago(Duration.ofSeconds(42)));
        assertThat(SeenAnswer.of("alice", Optional.of(seen), NOW, 100))
                .isEqualTo("Alice is here now, for 1h 5m. Last said 42s ago: hello there");
    }

    @Test
    void anAwayUserIsMarkedAway() {
        Seen seen =
                new Seen("bob", ago(Duration.ofSeconds(5)), Optional.empty(), true, Optional.empty(), Optional.empty());
        assertThat(SeenAnswer.of("BOB", Optional.of(seen), NOW, 100))
                .isEqualTo("bob is here now (away), for 5s. Said nothing I heard.");
    }

    @Test
    void aUserWhoLeftGetsWhenAndHowLong() {
        Seen seen = new Seen(
                "carol",
                ago(Duration.ofHours(3)),
                ago(Duration.ofHours(2)),
                false,
                Optional.of("bye"),
                ago(Duration.ofMinutes(121)));
        assertThat(SeenAnswer.of("carol", Optional.of(seen), NOW, 100))
                .isEqualTo("carol was last here 2h 0m ago, for 1h 0m. Last said 2h 1m ago: bye");
    }

    @Test
    void aUserOnlyHeardInTheBacklogSaysSo() {
        Seen seen = new Seen(
                "dave", Optional.empty(), Optional.empty(), false, Optional.of("old line"), ago(Duration.ofDays(2)));
        assertThat(SeenAnswer.of("dave", Optional.of(seen), NOW, 100))
                .isEqualTo("dave was never here while I was, but spoke 2d 0h 0m ago: old line");
    }

    @Test
    void longLinesAreCutWithAnEllipsis() {
        assertThat(SeenAnswer.quote("abcdefghijklmnop", 10)).isEqualTo("abcdefghi…");
        assertThat(SeenAnswer.quote("short", 10)).isEqualTo("short");
    }
}
