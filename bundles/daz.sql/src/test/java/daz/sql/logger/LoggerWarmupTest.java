package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;

import daz.sql.journal.Journal;
import daz.sql.journal.JournalSettings;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggerWarmupTest {

    @TempDir
    Path dir;

    @Test
    void runsItsRoundsThroughTheRulesAndJournalsNothing() throws IOException {
        try (Journal journal = Journal.open(JournalSettings.in(dir).withFsync(0, 1))) {
            EventLogger logger = new EventLogger(Configs.logger(), journal, new FakeBus());
            long before = journal.appendedPosition();

            int rounds = new LoggerWarmup(logger).run(50, Long.MAX_VALUE);

            // a made-up event the rules refuse would end it early
            assertThat(rounds).isEqualTo(50);
            assertThat(journal.appendedPosition()).isEqualTo(before);
            assertThat(logger.accepted()).isZero();
        }
    }

    @Test
    void theDefaultRulesMakeRowsOfItsChatLine() throws IOException {
        try (Journal journal = Journal.open(JournalSettings.in(dir).withFsync(0, 1))) {
            EventLogger logger = new EventLogger(Configs.logger(), journal, new FakeBus());
            // otherwise the warm-up would warm nothing of the encoder
            assertThat(new LoggerWarmup(logger).encodedRound(3)).isNotNull();
        }
    }
}
