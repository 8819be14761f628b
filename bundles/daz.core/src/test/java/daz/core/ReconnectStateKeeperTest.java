package daz.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.sql.Database;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconnectStateKeeperTest {

    private static final Map<String, Object> STORED =
            Map.of("attempts", 3L, "cooldown_until", 1_800_000_000_000L, "last_attempt_at", 1_700_000_000_000L);

    private final CountDownLatch answer = new CountDownLatch(1);
    private ReconnectStateKeeper keeper;

    @AfterEach
    void tearDown() {
        answer.countDown();
        keeper.stop(Duration.ofSeconds(5));
    }

    @Test
    void aStateReadWithinTheWaitIsUsedForTheFirstAttempt() {
        answer.countDown();
        keeper = keeper();

        Optional<ReconnectState> stored = keeper.load(Duration.ofSeconds(30), System.nanoTime(), late -> {});

        assertThat(stored).map(ReconnectState::attempts).contains(3);
        assertThat(stored).map(ReconnectState::cooldownUntil).contains(1_800_000_000_000L);
    }

    @Test
    void theWaitCountsFromTheLinksStartAndTheStateComesLateWhenItIsOver() {
        keeper = keeper();
        AtomicReference<ReconnectState> late = new AtomicReference<>();
        // the link started an hour ago (its clients took that long): of its wait of a minute, nothing is left
        long anHourAgo = System.nanoTime() - Duration.ofHours(1).toNanos();

        CompletableFuture<Optional<ReconnectState>> stored =
                CompletableFuture.supplyAsync(() -> keeper.load(Duration.ofMinutes(1), anHourAgo, late::set));

        await().atMost(Duration.ofSeconds(20)).until(stored::isDone);
        assertThat(stored.join()).isEmpty();
        answer.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> late.get() != null);
        assertThat(late.get().attempts()).isEqualTo(3);
    }

    private ReconnectStateKeeper keeper() {
        Database database = new Database() {
            @Override
            public String schema() {
                return "daz_core";
            }

            @Override
            public List<Map<String, Object>> query(String sql, Object... parameters) {
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of(STORED);
            }

            @Override
            public long execute(String sql, Object... parameters) {
                return 1;
            }
        };
        return new ReconnectStateKeeper(
                "lobby",
                new ReconnectStateStore(() -> Optional.of(database), "https://cytu.be", "lobby"),
                "daz-core-lobby-store-test");
    }
}
