package daz.plugin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import daz.plugin.usertracker.JdbcDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counts written in batches and read back, across a restart, against PostgreSQL. */
class CountStoreTest {

    // a Wednesday
    private static final Instant T0 = Instant.parse("2026-12-02T10:15:00Z");
    private static final Periods UTC = new Periods(ZoneId.of("UTC"));
    private static final LocalDate DAY = LocalDate.parse("2026-12-02");
    private static final LocalDate WEEK = LocalDate.parse("2026-11-30");

    private JdbcDatabase db;
    private CountStore store;

    @BeforeEach
    void start() throws Exception {
        db = new JdbcDatabase("daz_analytics_test", Path.of("src/main/resources/db/migration"));
        store = new CountStore(db);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
    }

    private static long at(long minutes) {
        return T0.plusSeconds(minutes * 60).toEpochMilli();
    }

    private LineTally tally() {
        LineTally tally = new LineTally(UTC);
        tally.known(store.watermarks());
        return tally;
    }

    private void write(LineTally tally) {
        store.write(tally.drain(), UTC);
    }

    @Test
    void linesAndActiveUsersAddUpPerHourDayAndWeekOverSeveralWrites() {
        LineTally tally = tally();
        tally.add("c", "Alice", at(0), false);
        tally.add("c", "alice", at(1), false);
        tally.add("c", "bob", at(50), false); // the next hour
        write(tally);
        tally.add("c", "bob", at(51), false);
        tally.add("c", "carol", at(-24 * 60), false); // Tuesday, same week
        tally.add("other", "dave", at(2), false);
        write(tally);

        CountStore.ChannelStats stats = store.channel("c", DAY, WEEK, UTC.weekStart(T0));
        assertThat(stats.dayLines()).isEqualTo(4);
        assertThat(stats.dayUsers()).as("alice in any case is one user").isEqualTo(2);
        assertThat(stats.weekLines()).isEqualTo(5);
        assertThat(stats.weekUsers()).isEqualTo(3);
        assertThat(stats.busiestHour()).contains(Instant.parse("2026-12-02T11:00:00Z"));
        assertThat(stats.busiestLines()).isEqualTo(2);
        assertThat(db.value("SELECT users FROM hourly WHERE channel = 'c' AND period = '2026-12-02T10:00:00Z'"))
                .isEqualTo(1L);
    }

    @Test
    void aUsersPlaceAmongTheWeeksChatters() {
        LineTally tally = tally();
        for (int i = 0; i < 3; i++) {
            tally.add("c", "alice", at(i), false);
        }
        tally.add("c", "bob", at(5), false);
        tally.add("c", "bob", at(-3 * 24 * 60 + 60), false); // Sunday before: another week
        write(tally);
        assertThat(store.user("c", "BOB", DAY, WEEK)).contains(new CountStore.UserStats("bob", 1, 1, 2, 2));
        assertThat(store.user("c", "alice", DAY, WEEK)).contains(new CountStore.UserStats("alice", 3, 3, 1, 2));
        assertThat(store.user("c", "nobody", DAY, WEEK)).isEmpty();
        assertThat(store.user("other", "alice", DAY, WEEK)).isEmpty();
    }

    @Test
    void theReplayedBacklogCountsOnlyWhatWasSaidWhileAwayEvenAfterARestart() {
        LineTally tally = tally();
        tally.add("c", "alice", at(0), false);
        tally.add("c", "alice", at(1), false);
        write(tally);

        // a new run: the rejoin replays both lines and one said while the bot was away
        LineTally next = tally();
        assertThat(next.add("c", "alice", at(0), true)).isFalse();
        assertThat(next.add("c", "alice", at(1), true)).isFalse();
        assertThat(next.add("c", "bob", at(2), true)).isTrue();
        write(next);
        assertThat(store.channel("c", DAY, WEEK, UTC.weekStart(T0)).dayLines()).isEqualTo(3);
        assertThat(store.watermarks()).containsEntry("c", at(2));
    }

    @Test
    void aBatchThatFailedIsWrittenWithTheNextOne() {
        LineTally tally = tally();
        tally.add("c", "alice", at(0), false);
        LineTally.Batch failed = tally.drain();
        tally.restore(failed);
        tally.add("c", "alice", at(1), false);
        write(tally);
        assertThat(store.user("c", "alice", DAY, WEEK).orElseThrow().dayLines()).isEqualTo(2);
    }
}
