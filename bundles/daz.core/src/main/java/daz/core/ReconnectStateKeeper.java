package daz.core;

import daz.api.sql.DatabaseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a channel's {@link ReconnectState} in the database without ever holding the link up: reads and writes run on
 * the channel's store thread ({@code daz-core-<channel>-store}); the link waits for the stored state a short, bounded
 * time and starts without it when the database is slow, down or not there yet, getting it later. Writes that pile up
 * are merged into the last; a write that fails is tried again until the database answers. Nothing is written before
 * the stored state has been read, so a stored cooldown is never overwritten unseen.
 */
final class ReconnectStateKeeper implements ReconnectScheduler.Persistence {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectStateKeeper.class);
    private static final long RETRY_MILLIS = 5000;
    /** A read is tried again sooner: the link is waiting for what it says (a cooldown, say). */
    private static final long READ_RETRY_MILLIS = 500;
    /** How long the store thread outlives its last task. */
    private static final long IDLE_SECONDS = 30;

    private final String channel;
    private final ReconnectStateStore store;
    private final ScheduledThreadPoolExecutor thread;
    private final AtomicReference<ReconnectState> pending = new AtomicReference<>();
    private final CompletableFuture<ReconnectState> loaded = new CompletableFuture<>();
    /**
     * Completed with daz.sql's refusal when a read was refused because the schema is not ready (its migrations are
     * running, as on a first start, or waiting for the database): waiting longer for it would only delay the login.
     */
    private final CompletableFuture<DatabaseException> notReady = new CompletableFuture<>();

    // store thread only
    private boolean retryScheduled;
    private boolean failing;

    ReconnectStateKeeper(String channel, ReconnectStateStore store, String threadName) {
        this.channel = channel;
        this.store = store;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // the store is busy at a start and after a failure: between, no thread waits idle for it
        thread.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        thread.allowCoreThreadTimeOut(true);
    }

    /**
     * The stored state, if it can be read within {@code within} of {@code sinceNanos} ({@link System#nanoTime()}: the
     * link's start, so that the time the link spent starting its clients counts, the read having begun when the
     * database service came); otherwise empty, and {@code late} is given the state once it could be read (on the
     * store thread).
     */
    Optional<ReconnectState> load(Duration within, long sinceNanos, Consumer<ReconnectState> late) {
        run(this::tryLoad);
        long left = Math.max(0, within.toNanos() - (System.nanoTime() - sinceNanos));
        try {
            CompletableFuture.anyOf(loaded, notReady).get(left, TimeUnit.NANOSECONDS);
            if (loaded.isDone()) {
                return Optional.of(loaded.get());
            }
            // the schema is being made or migrated (a first start, an update), or daz.sql waits for the database and
            // says so itself: nothing to wait for, and nothing to warn of here
            LOG.info(
                    "Channel {}: the stored reconnect state cannot be read yet ({}): starting without it (attempts and"
                            + " cooldown are read and stored when the schema is ready)",
                    channel,
                    notReady.get().getMessage());
        } catch (TimeoutException e) {
            LOG.warn(
                    "Channel {}: {} within {} ms of the link's start: starting without it (attempts and cooldown are"
                            + " read and stored when the database answers)",
                    channel,
                    store.available() ? "the stored reconnect state could not be read" : "no database service",
                    within.toMillis());
        } catch (ExecutionException e) {
            LOG.warn(
                    "Channel {}: cannot read the stored reconnect state: {}",
                    channel,
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        loaded.thenAccept(late);
        return Optional.empty();
    }

    /** A database service came: read what waits to be read, write what waits to be written. */
    void databaseAvailable() {
        run(() -> {
            tryLoad();
            flush();
        });
    }

    @Override
    public void save(ReconnectState state) {
        pending.set(state);
        run(this::flush);
    }

    /** Stops the store thread, waiting at most {@code within} for a write under way. */
    void stop(Duration within) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }

    // ---- store thread ----

    private void tryLoad() {
        if (loaded.isDone() || !store.available()) {
            return;
        }
        try {
            loaded.complete(store.load());
            recovered();
            flush();
        } catch (RuntimeException e) {
            if (e instanceof DatabaseException db && db.notReady()) {
                notReady.complete(db); // ends the link's wait: a read, not a write, is what it waits for
            }
            failed("read", e, READ_RETRY_MILLIS);
        }
    }

    private void flush() {
        ReconnectState latest = pending.get();
        if (latest == null || !loaded.isDone() || !store.available()) {
            return;
        }
        try {
            store.save(latest);
            pending.compareAndSet(latest, null);
            recovered();
        } catch (RuntimeException e) {
            failed("store", e, RETRY_MILLIS);
        }
    }

    private void failed(String what, RuntimeException e, long retryMillis) {
        boolean schemaNotReady = e instanceof DatabaseException db && db.notReady();
        if (!failing) {
            failing = true;
            // not ready: a first start's migration, or a database outage that daz.sql reports itself
            String line = "Channel {}: cannot {} the reconnect state: {} (kept in memory; trying again every {} ms)";
            if (schemaNotReady) {
                LOG.info(line, channel, what, e.getMessage(), retryMillis);
            } else {
                LOG.warn(line, channel, what, e.getMessage(), retryMillis);
            }
        }
        if (!retryScheduled) {
            retryScheduled = true;
            try {
                thread.schedule(
                        () -> {
                            retryScheduled = false;
                            tryLoad();
                            flush();
                        },
                        retryMillis,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // stopping
            }
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Channel {}: the reconnect state is read and stored again", channel);
        }
    }

    private void run(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Channel {}: unexpected failure on the store thread", channel, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }
}
