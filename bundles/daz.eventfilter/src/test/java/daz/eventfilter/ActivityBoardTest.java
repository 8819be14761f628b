package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.status.PluginHealth;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityBoardTest {

    private final List<PluginHealth> published = new ArrayList<>();
    private final ActivityBoard board = new ActivityBoard(
            (health, properties) -> {
                published.add(health);
                return () -> published.remove(health);
            },
            Clock.systemUTC());

    @Test
    void publishesOneHealthPerPluginWhileItHasBridgedServices() {
        PluginActivity first = board.acquire("daz.plugin.a");
        PluginActivity second = board.acquire("daz.plugin.a");
        assertThat(second).isSameAs(first);
        assertThat(published).hasSize(1);
        assertThat(published.get(0).status().name()).isEqualTo("daz.plugin.a");
        board.release("daz.plugin.a");
        assertThat(published).hasSize(1);
        board.release("daz.plugin.a");
        assertThat(published).isEmpty();
    }

    @Test
    void closeWithdrawsEverything() {
        board.acquire("daz.plugin.a");
        board.acquire("daz.plugin.b");
        board.close();
        assertThat(published).isEmpty();
    }
}
