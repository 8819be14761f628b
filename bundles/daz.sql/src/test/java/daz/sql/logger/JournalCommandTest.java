package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;

import daz.sql.journal.JournalStats;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JournalCommandTest {

    private final JournalStats stats =
            new JournalStats("id-1", Path.of("/daz/data/journal"), 0, 3 << 20, 3 << 20, 1, 3 << 20, 11_000, 170, 0, 0);

    @Test
    void showsDepthCommittedPositionRowsAndTheLastError() {
        DrainStatus retrying = new DrainStatus(
                DrainStatus.State.RETRYING,
                1 << 20,
                500,
                3,
                Map.of("daz_sql.chat_log", new DrainStatus.Rows(500, 490)),
                1,
                Optional.of("2026-11-29T19:35:37Z Connection to 127.0.0.1:5432 refused"),
                1_795_000_000_000L);
        String text = JournalCommand.render(stats, retrying, null);
        assertThat(text)
                .contains("Appended    position 3145728, 11000 records since start")
                .contains("Writer      RETRYING since")
                .contains("Committed   position 1048576, depth 2.0 MiB")
                .contains("daz_sql.chat_log: 500 rows, 490 new, 10 duplicates ignored")
                .contains("1 rejected")
                .contains("Last error  2026-11-29T19:35:37Z Connection to 127.0.0.1:5432 refused")
                .contains("Logger      not active");
    }

    @Test
    void saysWhenThereIsNoWriter() {
        assertThat(JournalCommand.render(stats, null, null)).contains("Writer      not active");
    }
}
