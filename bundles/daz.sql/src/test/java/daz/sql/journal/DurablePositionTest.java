package daz.sql.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DurablePositionTest {

    private final DurablePosition durable = new DurablePosition(0, () -> false);

    private CompletableFuture<Boolean> waitFor(long target) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return durable.await(target, 30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void awaitWaiting(int threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (durable.waiting() < threads) {
            assertThat(System.nanoTime()).as("threads waiting").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void anAdvanceShortOfEveryTargetWakesNobody() throws Exception {
        CompletableFuture<Boolean> far = waitFor(1_000);
        awaitWaiting(1);

        durable.advance(10);
        durable.advance(500);

        assertThat(durable.signals()).isZero();
        assertThat(far).isNotDone();
        durable.advance(1_001);
        assertThat(far.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(durable.signals()).isEqualTo(1);
        assertThat(durable.waiting()).isZero();
    }

    @Test
    void eachWaiterIsWokenOnceItsOwnTargetIsPassed() throws Exception {
        CompletableFuture<Boolean> near = waitFor(5);
        CompletableFuture<Boolean> far = waitFor(100);
        awaitWaiting(2);

        durable.advance(6);
        assertThat(near.get(30, TimeUnit.SECONDS)).isTrue();
        awaitWaiting(1);
        assertThat(far).isNotDone();

        durable.advance(101);
        assertThat(far.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPositionPassedAlreadyNeedsNoWait() throws InterruptedException {
        durable.advance(50);
        assertThat(durable.await(49, 0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(durable.await(50, 0, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(durable.waiting()).isZero();
    }
}
