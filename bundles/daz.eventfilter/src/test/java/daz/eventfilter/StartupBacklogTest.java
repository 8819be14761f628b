package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StartupBacklogTest {

    private final StartupBacklog<String> backlog = new StartupBacklog<>(1_000, 10_000, 3);

    @Test
    void aLineWhoseCommandRegistersWithinTheGraceIsReleasedInOrder() {
        assertThat(backlog.park("help", "!help a", 1_000)).isTrue();
        assertThat(backlog.park("seen", "!seen b", 1_001)).isTrue();
        assertThat(backlog.park("help", "!help c", 1_002)).isTrue();

        assertThat(backlog.release(Set.of("help")::contains, 1_050)).containsExactly("!help a", "!help c");
        assertThat(backlog.release(Set.of("help")::contains, 1_060)).isEmpty();
        assertThat(backlog.release(Set.of("help", "seen")::contains, 1_070)).containsExactly("!seen b");
        assertThat(backlog.size()).isZero();
    }

    @Test
    void afterTheGraceNothingIsKeptAndWhatWasKeptIsForgotten() {
        backlog.park("nosuch", "!nosuch", 10_999);
        assertThat(backlog.park("nosuch", "!nosuch again", 11_000)).isFalse();
        assertThat(backlog.size()).isZero();
        assertThat(backlog.release(word -> true, 11_001)).isEmpty();
    }

    @Test
    void aReleaseAfterTheGraceRunsNothing() {
        backlog.park("help", "!help", 2_000);
        assertThat(backlog.release(word -> true, 11_000)).isEmpty();
        assertThat(backlog.size()).isZero();
    }

    @Test
    void keepsNoMoreThanItsBound() {
        backlog.park("a", "1", 1_000);
        backlog.park("a", "2", 1_000);
        backlog.park("a", "3", 1_000);
        assertThat(backlog.park("a", "4", 1_000)).isFalse();
        assertThat(backlog.release(word -> true, 1_001)).containsExactly("1", "2", "3");
    }
}
