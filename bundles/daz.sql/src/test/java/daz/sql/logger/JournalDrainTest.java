package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.sql.journal.Journal;
import daz.sql.journal.JournalSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer against a real PostgreSQL: exactly once, duplicates ignored, strings verbatim, faults survived. */
class JournalDrainTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static TestDatabase db;

    @TempDir
    Path dir;

    private final Events events = new Events();
    private Journal journal;
    private EventLogger logger;
    private JournalDrain drain;

    @BeforeAll
    static void database() {
        db = TestDatabase.forClass(JournalDrainTest.class);
    }

    @BeforeEach
    void open() throws Exception {
        db.setDown(false);
        db.resetSchema();
        journal = Journal.open(JournalSettings.in(dir));
        logger = new EventLogger(Configs.logger(), journal, new FakeBus());
    }

    @AfterEach
    void close() throws IOException {
        if (drain != null) {
            drain.stop(10_000);
        }
        journal.close();
    }

    private void startDrain() {
        drain = new JournalDrain(
                journal,
                LogDatabase.of(db, "the test database"),
                new JournalDrain.Settings(500, 1 << 20, 20, 20, 200, 1_000));
        drain.start();
    }

    private void awaitDrained() {
        await("the journal written up to " + journal.appendedPosition())
                .atMost(DEADLINE)
                .until(() -> drain.status().committedPosition() == journal.appendedPosition());
    }

    private void chat(String channel, String user, String msg, long time) {
        logger.handle(events.cytube(channel, "chatMsg", Events.chatRaw(user, msg, time)));
    }

    @Test
    void everyRecordIsWrittenOnceAndThePositionSurvivesARestart() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            chat("lobby", "user" + (i % 7), "line " + i, 1_000_000 + i);
            if (i % 10 == 0) {
                logger.handle(events.cytube("lobby", "addUser", "{\"name\":\"u" + i + "\",\"rank\":0}"));
            }
        }
        startDrain();
        awaitDrained();
        drain.stop(10_000);
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(2_000);
        assertThat(db.count("SELECT count(*) FROM daz_sql.user_activity")).isEqualTo(200);

        // a second writer on the same journal (a restart) writes nothing twice
        chat("lobby", "late", "after the restart", 5_000_000);
        startDrain();
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(2_001);
        assertThat(db.count("SELECT count(*) FROM daz_sql.user_activity")).isEqualTo(200);
        assertThat(db.count("SELECT position FROM daz_sql.journal_position")).isEqualTo(journal.appendedPosition());
        assertThat(drain.status().rows().get("daz_sql.chat_log").inserted()).isEqualTo(1);
    }

    @Test
    void theSameBacklogReplayedThreeTimesIsStoredOnce() {
        startDrain();
        for (int replay = 0; replay < 3; replay++) {
            for (int i = 0; i < 15; i++) {
                logger.handle(events.cytube(
                        "lobby",
                        "chatMsg",
                        Events.chatRaw("u" + i, "backlog " + i, 42_000 + i),
                        true,
                        java.util.Optional.empty()));
            }
        }
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(15);
        assertThat(drain.status().rows().get("daz_sql.chat_log")).isEqualTo(new DrainStatus.Rows(45, 15));
    }

    @Test
    void aLargeBatchWithLinesAlreadyStoredKeepsTheNewOnesAndIgnoresTheRest() {
        for (int i = 0; i < 20; i++) {
            chat("lobby", "u", "first " + i, 100 + i);
        }
        startDrain();
        awaitDrained();
        drain.stop(10_000);
        // one batch, large enough for COPY: half of it is there already (a replayed backlog), half is new
        for (int i = 0; i < 40; i++) {
            chat("lobby", "u", (i < 20 ? "first " : "second ") + i, 100 + i);
        }
        startDrain();
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(40);
        assertThat(drain.status().rows().get("daz_sql.chat_log")).isEqualTo(new DrainStatus.Rows(40, 20));
    }

    @Test
    void hostileStringsComeBackVerbatimThroughCopyAndThroughInsert() throws Exception {
        Map<String, String> sent = new LinkedHashMap<>();
        // more than RowInserter.COPY_FROM_ROWS in one batch goes by COPY; a lone line by INSERT
        for (int round = 0; round < 2; round++) {
            for (String hostile : LogRecordCodecTest.HOSTILE) {
                String msg = hostile + " #" + round;
                String raw = Events.chatRaw("h", msg, 7_000 + sent.size());
                sent.put(raw, msg);
                logger.handle(events.cytube("hostile", "chatMsg", raw));
            }
        }
        for (int i = sent.size(); i < RowInserter.COPY_FROM_ROWS + 2; i++) {
            chat("hostile", "filler", "filler " + i, 7_000 + 1_000 + i);
        }
        startDrain();
        awaitDrained();
        String lone = "lone '; DROP TABLE chat_log; -- \u0000 😀";
        String loneRaw = Events.chatRaw("h", lone, 9_999);
        sent.put(loneRaw, lone);
        logger.handle(events.cytube("hostile", "chatMsg", loneRaw));
        awaitDrained();

        Map<String, String[]> stored = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement p =
                        c.prepareStatement("SELECT raw::text, msg, text FROM daz_sql.chat_log WHERE username = 'h'");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                stored.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(sent.keySet());
        sent.forEach((raw, msg) -> {
            String expected = msg.replace('\0', '\uFFFD');
            assertThat(stored.get(raw)[0]).as("msg of %s", raw).isEqualTo(expected);
        });
        assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'chat_log'"))
                .isEqualTo(1);
    }

    @Test
    void aRecordPostgresRefusesIsSetAsideAndTheOthersAreWritten() throws Exception {
        chat("lobby", "a", "before", 1);
        logger.handle(events.cytube("lobby", "chatMsg", "{\"username\":\"b\",\"msg\":\"bad\",\"time\":\"soon\"}"));
        chat("lobby", "c", "after", 3);
        startDrain();
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM daz_sql.log_rejects WHERE error LIKE '%soon%'"))
                .isEqualTo(1);
        assertThat(drain.status().rejectedRecords()).isEqualTo(1);
    }

    @Test
    void whileTheDatabaseIsDownEverythingWaitsInTheJournalAndIsWrittenOnceAfter() throws Exception {
        db.setDown(true);
        startDrain();
        for (int i = 0; i < 1_000; i++) {
            chat("lobby", "u", "while down " + i, 10_000 + i);
            logger.handle(events.cytube("lobby", "userLeave", "{\"name\":\"u" + i + "\"}"));
        }
        await("the writer to report the failure")
                .atMost(DEADLINE)
                .until(() -> drain.status().state() == DrainStatus.State.RETRYING
                        && drain.status().lastError().orElse("").contains("refused"));
        db.setDown(false);
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(1_000);
        assertThat(db.count("SELECT count(*) FROM daz_sql.user_activity")).isEqualTo(1_000);
        assertThat(drain.status().failingSinceMillis()).isZero();
    }

    @Test
    void itWaitsForTheSchemaAndThenWrites() throws Exception {
        db.execute("DROP SCHEMA daz_sql CASCADE");
        chat("lobby", "early", "before the migrations", 1);
        startDrain();
        await("the writer waiting for the schema")
                .atMost(DEADLINE)
                .until(() -> drain.status().state() == DrainStatus.State.WAITING_FOR_SCHEMA);
        db.resetSchema();
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(1);
    }

    @Test
    void aPluginsRowsGoToItsOwnSchema() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS daz_tracker CASCADE");
        db.execute("CREATE SCHEMA daz_tracker");
        db.execute("CREATE TABLE daz_tracker.sessions (user_name text, seconds integer, at timestamptz)");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(Map.of("user_name", "u" + i, "seconds", i, "at", java.time.Instant.ofEpochSecond(i)));
        }
        logger.handle(events.event(
                EventLogger.LOG_BATCH,
                Map.of("table", "sessions", "rows", rows),
                "daz.plugin.tracker",
                java.util.Optional.empty(),
                true));
        logger.handle(events.event(
                EventLogger.LOG_REQUEST,
                Map.of("table", "sessions", "row", Map.of("user_name", "x", "seconds", 1)),
                "daz.plugin.tracker",
                java.util.Optional.empty(),
                true));
        startDrain();
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_tracker.sessions")).isEqualTo(41);
        assertThat(db.count("SELECT sum(seconds) FROM daz_tracker.sessions")).isEqualTo(780 + 1);
    }

    @Test
    void aPluginsRowsWaitAWhileForItsTableToBeMigrated() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS daz_late CASCADE");
        logger.handle(events.event(
                EventLogger.LOG_REQUEST,
                Map.of("table", "notes", "row", Map.of("body", "early")),
                "daz.plugin.late",
                java.util.Optional.empty(),
                true));
        startDrain();
        await("the writer to wait for the table")
                .atMost(DEADLINE)
                .until(() -> drain.status().lastError().orElse("").contains("not there yet"));
        db.execute("CREATE SCHEMA daz_late");
        db.execute("CREATE TABLE daz_late.notes (body text)");
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_late.notes")).isEqualTo(1);
        assertThat(drain.status().rejectedRecords()).isZero();
    }

    @Test
    void errorsAreDescribedOnOneLineWithoutPasswords() {
        SQLException error = new SQLException(
                "FATAL: no connection\n  Detail: jdbc:postgresql://db/daz?user=bot&password=hunter2&ssl=true",
                "08001",
                new IllegalStateException("retry with password=s3cret failed"));
        String text = SqlFailures.describe(error);
        assertThat(text).doesNotContain("hunter2", "s3cret", "\n").contains("[SQLState 08001]", "password=***");
        assertThat(SqlFailures.isTransient(error)).isTrue();
        assertThat(SqlFailures.isTransient(new SQLException("bad value", "22P02")))
                .isFalse();
    }

    @Test
    void aMissingPluginTableRejectsThatRecordOnly() throws SQLException {
        logger.handle(events.event(
                EventLogger.LOG_REQUEST,
                Map.of("table", "nowhere", "row", Map.of("a", 1)),
                "daz.plugin.ghost",
                java.util.Optional.empty(),
                true));
        chat("lobby", "a", "still written", 1);
        startDrain();
        awaitDrained();
        assertThat(db.count("SELECT count(*) FROM daz_sql.chat_log")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM daz_sql.log_rejects WHERE origin = 'daz.plugin.ghost'"))
                .isEqualTo(1);
    }
}
