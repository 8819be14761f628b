package daz.itests;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A simulated sender at a steady pace: {@code send} runs {@code times} times (with 0, 1, 2, ...) at a fixed rate on a
 * thread of its own, so a test can act while it sends and needs no sleeping to keep the pace. A failing send ends it.
 */
public final class PacedSender implements AutoCloseable {

    private final ScheduledExecutorService executor;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();

    private PacedSender(String name, int times, Duration period, IntConsumer send) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(
                () -> {
                    int i = next.getAndIncrement();
                    try {
                        send.accept(i);
                        sent.incrementAndGet();
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                        executor.shutdown();
                        return;
                    }
                    if (i + 1 == times) {
                        done.complete(null);
                        executor.shutdown(); // ends the periodic task
                    }
                },
                0,
                period.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Starts sending at once: the first send now, then one every {@code period}. */
    public static PacedSender start(String name, int times, Duration period, IntConsumer send) {
        return new PacedSender(name, times, period, send);
    }

    /** How many sends have completed so far. */
    public int sent() {
        return sent.get();
    }

    /** Waits until every send has run; fails on a send's failure or after {@code timeout}. */
    public void awaitDone(Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "timed out after " + timeout + " waiting for the sender to finish; sent " + sent(), e);
        } catch (ExecutionException e) {
            throw new AssertionError("a send failed after " + sent() + " sends: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the sender", e);
        }
    }

    /** Stops sending (if it has not finished). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
