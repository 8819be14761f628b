package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import daz.api.bus.Event;
import daz.sql.journal.Journal;
import daz.sql.journal.JournalReader;
import daz.sql.journal.JournalRecord;
import daz.sql.journal.JournalSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLoggerTest {

    @TempDir
    Path dir;

    private final Events events = new Events();
    private final FakeBus bus = new FakeBus();
    private Journal journal;
    private EventLogger logger;

    /** A plugin's payload type, as daz.api could define it. */
    record LogRequest(String table, Map<String, Object> row) {}

    @BeforeEach
    void open() throws IOException {
        journal = Journal.open(JournalSettings.in(dir).withFsync(0, 1));
        logger = new EventLogger(Configs.logger(), journal, bus);
    }

    @AfterEach
    void close() throws IOException {
        journal.close();
    }

    private List<LogRecord> journaled() throws IOException {
        LogRecordCodec.Decoder decoder = new LogRecordCodec.Decoder();
        try (JournalReader reader = journal.reader(0)) {
            return reader.read(journal.durablePosition(), 1000, 1 << 20).stream()
                    .map(JournalRecord::payload)
                    .map(decoder::decode)
                    .toList();
        }
    }

    @Test
    void aChatLineIsInTheJournalFileWhenHandleReturns() throws IOException {
        logger.handle(events.cytube("lobby", "chatMsg", Events.chatRaw("alice", "hi", 1L)));

        assertThat(journal.appendedPosition()).isPositive();
        List<LogRecord> records = journaled();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).fromRules()).isTrue();
        assertThat(records.get(0).rows().get(0).target()).isEqualTo("daz_sql.chat_log");
        assertThat(logger.accepted()).isEqualTo(1);
    }

    @Test
    void eventsNoRuleWantsAndUnloggableEventsAreNotJournaled() throws IOException {
        logger.handle(events.cytube("lobby", "usercount", "3"));
        logger.handle(events.event(
                "cytube.event.chatMsg",
                new daz.api.cytube.CytubeEvent("lobby", "chatMsg", "{}", 1L, false, Optional.empty()),
                "daz.core",
                Optional.empty(),
                false));
        assertThat(journal.appendedPosition()).isZero();
        assertThat(logger.ignored()).isEqualTo(2);
    }

    @Test
    void aLogRequestPutsTheRowInTheRequestingPluginsSchemaAndRepliesWithThePosition() throws IOException {
        Event request = events.event(
                EventLogger.LOG_REQUEST,
                new LogRequest("sessions", Map.of("user_name", "bob", "seconds", 42)),
                "daz.plugin.usertracker",
                Optional.of("daz.plugin.usertracker"),
                true);
        logger.handle(request);

        LogRecord record = journaled().get(0);
        assertThat(record.origin()).isEqualTo("daz.plugin.usertracker");
        LogRow row = record.rows().get(0);
        assertThat(row.target()).isEqualTo("daz_usertracker.sessions");
        assertThat(row.columns()).containsExactly("seconds", "user_name");
        assertThat(row.values()).containsExactly("42", "bob");
        assertThat(bus.replies).singleElement().satisfies(reply -> {
            assertThat(reply.request()).isSameAs(request);
            assertThat(reply.payload()).isEqualTo(journal.appendedPosition());
        });
    }

    @Test
    void aLogBatchJournalsAllItsRowsAsOneRecord() throws IOException {
        logger.handle(events.event(
                EventLogger.LOG_BATCH,
                Map.of("table", "plays", "rows", List.of(Map.of("id", "a"), Map.of("id", "b"), Map.of("id", "c"))),
                "daz.plugin.mediatracker",
                Optional.empty(),
                true));
        List<LogRecord> records = journaled();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).rows()).extracting(r -> r.values().get(0)).containsExactly("a", "b", "c");
    }

    @Test
    void aRequestNamingNoValidTableOrColumnIsRefusedAndNothingIsJournaled() {
        assertThatThrownBy(() -> logger.handle(events.event(
                        EventLogger.LOG_REQUEST,
                        Map.of("table", "other_schema.t", "row", Map.of("a", 1)),
                        "daz.plugin.x",
                        Optional.empty(),
                        true)))
                .hasMessageContaining("not a valid table name");
        assertThatThrownBy(() -> logger.handle(events.event(
                        EventLogger.LOG_REQUEST,
                        Map.of("table", "t", "row", Map.of("a\"; DROP TABLE x; --", 1)),
                        "daz.plugin.x",
                        Optional.empty(),
                        true)))
                .hasMessageContaining("not a valid column name");
        assertThat(journal.appendedPosition()).isZero();
        assertThat(logger.refused()).isEqualTo(2);
    }

    @Test
    void changedRulesApplyWithoutReopeningTheJournal() throws IOException {
        logger.modified(Configs.logger(
                Map.of("default_rules", false, "rules", new String[] {"usercount -> counts(channel=channel, n=$)"})));
        logger.handle(events.cytube("lobby", "usercount", "7"));
        logger.handle(events.cytube("lobby", "chatMsg", Events.chatRaw("a", "b", 1L)));
        List<LogRecord> records = journaled();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).rows().get(0).values()).containsExactly("lobby", "7");
    }

    @Test
    void journalAndWriterKeysLeftInTheLoggersFileAreNamedWithTheirNewFile() {
        assertThat(EventLogger.movedKeys(Map.of("rules", "x", "journal.dir", "/j", "retry.max.ms", 10L)))
                .containsExactly(
                        "journal.dir (now read from etc/daz.sql.journal.cfg)",
                        "retry.max.ms (now read from etc/daz.sql.writer.cfg)");
        assertThat(EventLogger.movedKeys(Map.of("rules", "x", "component.name", "daz.sql.logger.EventLogger")))
                .isEmpty();
    }
}
