package daz.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadsCommandTest {

    private static final List<String> BUNDLES =
            List.of("daz.core", "daz.eventbus", "daz.sql", "daz.shell", "daz.plugin.usertracker");

    @Test
    void aThreadBelongsToTheBundleItsNameStartsWith() {
        assertThat(ThreadsCommand.bundleOf("daz-core-lobby-link", BUNDLES)).isEqualTo("daz.core");
        assertThat(ThreadsCommand.bundleOf("daz-eventbus-worker-1", BUNDLES)).isEqualTo("daz.eventbus");
        assertThat(ThreadsCommand.bundleOf("daz-usertracker-heartbeat", BUNDLES))
                .isEqualTo("daz.plugin.usertracker");
        assertThat(ThreadsCommand.bundleOf("daz-sql:housekeeper", BUNDLES)).isEqualTo("daz.sql");
    }

    @Test
    void aNameThatOnlyBeginsLikeABundleIsNotCountedAsIts() {
        assertThat(ThreadsCommand.bundleOf("daz-sqlite-writer", BUNDLES)).isEqualTo("?");
        assertThat(ThreadsCommand.bundleOf("daz-launcher-shutdown", BUNDLES)).isEqualTo(ThreadsCommand.LAUNCHER);
    }

    @Test
    void onlyOurThreadsAreListedAndCounted() {
        Thread ours = new Thread(() -> {}, "daz-shell-test");
        Thread theirs = new Thread(() -> {}, "HikariPool-1 housekeeper");

        String table = ThreadsCommand.table(List.of(theirs, ours), BUNDLES);

        assertThat(table).contains("daz-shell-test", "NEW", "daz.shell").doesNotContain("Hikari");
        assertThat(table).endsWith("\n1 thread");
    }
}
