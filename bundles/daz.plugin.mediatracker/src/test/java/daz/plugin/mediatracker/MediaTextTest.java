package daz.plugin.mediatracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MediaTextTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static Play play(String title, int seconds, String by, Instant started, double position, boolean paused) {
        return new Play(
                title,
                "yt",
                "x",
                seconds,
                Optional.ofNullable(by),
                started,
                position,
                started,
                paused,
                Optional.empty());
    }

    @Test
    void nowPlayingAdvancesThePositionUnlessPaused() {
        Play playing = play("Song", 212, "alice", NOW.minusSeconds(62), 0, false);
        assertThat(MediaText.nowPlaying(Optional.of(playing), NOW, 60))
                .isEqualTo("Now playing: Song, queued by alice, 1:02 of 3:32.");
        Play paused = play("Song", 212, null, NOW.minusSeconds(62), 5, true);
        assertThat(MediaText.nowPlaying(Optional.of(paused), NOW, 60)).isEqualTo("Now playing: Song, 0:05 of 3:32.");
        Play live = play("Stream", 0, null, NOW.minusSeconds(5000), 0, false);
        assertThat(MediaText.nowPlaying(Optional.of(live), NOW, 60)).isEqualTo("Now playing: Stream, live.");
        assertThat(MediaText.nowPlaying(Optional.empty(), NOW, 60)).isEqualTo("Nothing is playing.");
    }

    @Test
    void listsNameEachItem() {
        List<Play> plays = List.of(
                play("B", 10, "bob", NOW.minusSeconds(30), 0, false),
                play("A", 10, null, NOW.minusSeconds(600), 0, false));
        assertThat(MediaText.lastPlayed(plays, NOW, 60))
                .isEqualTo("Last played: B (queued by bob, 30s ago); A (10m 0s ago).");
        assertThat(MediaText.top(List.of(new PlayLog.Count("A", 3), new PlayLog.Count("B", 1)), 60))
                .isEqualTo("Most played: 1. A (3 plays); 2. B (1 play).");
        assertThat(MediaText.top(List.of(), 60)).isEqualTo(MediaText.NOTHING_YET);
    }

    @Test
    void clocksAndTitles() {
        assertThat(MediaText.clock(3725)).isEqualTo("1:02:05");
        assertThat(MediaText.clock(59)).isEqualTo("0:59");
        assertThat(MediaText.title("a  very long title", 8)).isEqualTo("a very …");
    }

    @Test
    void countsAreANumberWithinTheLimit() {
        assertThat(MediaText.count(List.of(), 3, 10)).isEqualTo(OptionalInt.of(3));
        assertThat(MediaText.count(List.of("7"), 3, 10)).isEqualTo(OptionalInt.of(7));
        assertThat(MediaText.count(List.of("11"), 3, 10)).isEmpty();
        assertThat(MediaText.count(List.of("0"), 3, 10)).isEmpty();
        assertThat(MediaText.count(List.of("x"), 3, 10)).isEmpty();
    }
}
