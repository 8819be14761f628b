package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuietThreadTest {

    private final ScheduledExecutorService executor = QuietThread.named("quiet-test", 50);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static Thread runningThread(ScheduledExecutorService executor) throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        executor.submit(() -> thread.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
        return thread.get();
    }

    @Test
    void theThreadEndsWhenIdleAndANewOneRunsTheNextTask() throws Exception {
        Thread first = runningThread(executor);
        assertThat(first.getName()).isEqualTo("quiet-test");
        assertThat(first.isDaemon()).isTrue();
        first.join(10_000);
        assertThat(first.isAlive()).isFalse();

        Thread second = runningThread(executor);
        assertThat(second).isNotSameAs(first);
        assertThat(second.getName()).isEqualTo("quiet-test");
    }

    @Test
    void aTaskScheduledForLaterKeepsTheThreadUntilItHasRun() throws Exception {
        Thread first = runningThread(executor);
        CompletableFuture<Thread> later = new CompletableFuture<>();
        executor.schedule(() -> later.complete(Thread.currentThread()), 300, TimeUnit.MILLISECONDS);
        assertThat(later.get(10, TimeUnit.SECONDS)).isSameAs(first);
    }
}
