package daz.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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

    @Test
    void aReadRefusedBecauseTheSchemaIsNotReadyEndsTheWaitAtOnceAndTheStateComesLate() {
        AtomicInteger reads = new AtomicInteger();
        keeper = keeper(() -> {
            if (reads.incrementAndGet() == 1) {
                // daz.sql's answer while the schema's migrations run (a first start)
                throw new DatabaseException(
                        "daz.core: schema daz_core is not ready yet (its migrations are running); try again later",
                        DatabaseException.NOT_READY,
                        null);
            }
            return List.of(STORED);
        });
        AtomicReference<ReconnectState> late = new AtomicReference<>();

        // a wait of a day: only the refusal can end it
        CompletableFuture<Optional<ReconnectState>> stored =
                CompletableFuture.supplyAsync(() -> keeper.load(Duration.ofDays(1), System.nanoTime(), late::set));

        await().atMost(Duration.ofSeconds(20)).until(stored::isDone);
        assertThat(stored.join()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> late.get() != null);
        assertThat(late.get().attempts()).isEqualTo(3);
        assertThat(reads.get()).isGreaterThanOrEqualTo(2);
    }

    private ReconnectStateKeeper keeper() {
        return keeper(() -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(STORED);
        });
    }

    private ReconnectStateKeeper keeper(Supplier<List<Map<String, Object>>> reads) {
        Database database = new Database() {
            @Override
            public String schema() {
                return "daz_core";
            }

            @Override
            public List<Map<String, Object>> query(String sql, Object... parameters) {
                return reads.get();
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
