package daz.plugin.mediatracker;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.cytube.Media;
import daz.plugin.usertracker.JdbcDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plays and counts through media changes, position reports, rejoins and restarts, against PostgreSQL. */
class PlayLogTest {

    private static final long T0 = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();

    private JdbcDatabase db;
    private PlayLog log;

    @BeforeEach
    void start() throws Exception {
        db = new JdbcDatabase("daz_mediatracker_test", Path.of("src/main/resources/db/migration"));
        log = new PlayLog(db);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
    }

    private static Media media(String id, String title, int seconds, double at) {
        return new Media(id, title, seconds, "", "yt", at, false);
    }

    @Test
    void eachChangeIsAPlayWithWhoQueuedItAndHowLongItPlayed() {
        assertThat(log.changed("c", media("a", "Song A", 200, 0), Optional.of("alice"), T0))
                .isTrue();
        log.position("c", 30, false, T0 + 30_000);
        assertThat(log.changed("c", media("b", "Song B", 100, 0), Optional.empty(), T0 + 45_000))
                .isTrue();

        Play a = log.last("c", 5).get(0);
        assertThat(a.title()).isEqualTo("Song A");
        assertThat(a.queuedBy()).contains("alice");
        assertThat(a.playedSeconds()).as("skipped after 45 s").contains(45);
        Play b = log.current("c").orElseThrow();
        assertThat(b.title()).isEqualTo("Song B");
        assertThat(b.queuedBy()).isEmpty();
    }

    @Test
    void aPlayNeverCountsLongerThanTheItem() {
        log.changed("c", media("a", "Short", 10, 0), Optional.empty(), T0);
        log.changed("c", media("b", "Next", 10, 0), Optional.empty(), T0 + 60_000);
        assertThat(log.last("c", 1).get(0).playedSeconds()).contains(10);
    }

    @Test
    void theSameItemSentAgainOnARejoinContinuesThePlay() {
        log.changed("c", media("a", "Song A", 200, 0), Optional.of("alice"), T0);
        // the rejoin after a reconnect or a restart: changeMedia again, mid-play or (a server that does not advance
        // it) at 0 within the item's length
        assertThat(log.changed("c", media("a", "Song A", 200, 80), Optional.empty(), T0 + 80_000))
                .isFalse();
        assertThat(log.changed("c", media("a", "Song A", 200, 0), Optional.empty(), T0 + 90_000))
                .isFalse();
        assertThat(db.value("SELECT count(*) FROM plays")).isEqualTo(1L);
        assertThat(log.top("c", 5)).containsExactly(new PlayLog.Count("Song A", 1));
        assertThat(log.current("c").orElseThrow().queuedBy()).contains("alice");
    }

    @Test
    void theSameItemQueuedAgainAfterItEndedIsASecondPlay() {
        log.changed("c", media("a", "Song A", 20, 0), Optional.empty(), T0);
        assertThat(log.changed("c", media("a", "Song A", 20, 0), Optional.empty(), T0 + 30_000))
                .isTrue();
        assertThat(log.top("c", 5)).containsExactly(new PlayLog.Count("Song A", 2));
    }

    @Test
    void theMostPlayedAreCountedPerChannel() {
        long t = T0;
        for (String id : new String[] {"a", "b", "a", "c", "a", "b"}) {
            log.changed("c", media(id, "Song " + id.toUpperCase(), 10, 0), Optional.empty(), t += 60_000);
        }
        log.changed("other", media("c", "Song C", 10, 0), Optional.empty(), t += 60_000);
        assertThat(log.top("c", 2)).containsExactly(new PlayLog.Count("Song A", 3), new PlayLog.Count("Song B", 2));
        assertThat(log.top("other", 5)).containsExactly(new PlayLog.Count("Song C", 1));
        assertThat(log.last("c", 2)).extracting(Play::title).containsExactly("Song A", "Song C");
    }
}
