package daz.eventfilter;

import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link AuditEntry audit rows} to {@code daz_eventfilter_history} on a thread of its own, so a slow or absent
 * database never delays a reply. A row is written {@link #WRITE_DELAY_MILLIS} after it is recorded: the insert and
 * the database's commit then come after the reply has gone through the server, not while it does. Rows are dropped
 * (and counted) when there is no database or {@link #CAPACITY} rows wait. Closing writes the rows still waiting at
 * once instead of after their delay: an update of the EventFilter does not wait for it.
 */
final class AuditLog implements CommandDispatcher.Audit, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Supplier<Optional<Database>> database;
    static final long WRITE_DELAY_MILLIS = 100;
    static final int CAPACITY = 1_000;

    private final ScheduledThreadPoolExecutor writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    // rows scheduled and not written yet, each taken by whoever writes it first: its delayed task, or close
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

    /** A row and the retries it has left; identity, not value: two equal rows are two rows. */
    private static final class Waiting {
        final AuditEntry entry;
        final int retries;

        Waiting(AuditEntry entry, int retries) {
            this.entry = entry;
            this.retries = retries;
        }
    }

    AuditLog(Supplier<Optional<Database>> database) {
        this.database = database;
        this.writer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "daz-eventfilter-audit");
            t.setDaemon(true);
            return t;
        });
        this.writer.setRejectedExecutionHandler((r, executor) -> dropped.incrementAndGet());
    }

    @Override
    public void record(AuditEntry entry) {
        if (writer.getQueue().size() >= CAPACITY) {
            dropped.incrementAndGet();
            return;
        }
        schedule(new Waiting(entry, NOT_READY_RETRIES), WRITE_DELAY_MILLIS);
    }

    private void schedule(Waiting row, long delayMillis) {
        if (writer.isShutdown()) {
            dropped.incrementAndGet();
            return;
        }
        waiting.add(row);
        writer.schedule(
                () -> {
                    if (waiting.remove(row)) {
                        write(row.entry, row.retries);
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Seconds an audit row waits for the schema's migrations (refused at once meanwhile) before it is dropped. */
    static final int NOT_READY_RETRIES = 60;

    private void write(AuditEntry entry, int retries) {
        Optional<Database> db = database.get();
        if (db.isEmpty()) {
            dropped.incrementAndGet();
            return;
        }
        try {
            db.get()
                    .execute(
                            "INSERT INTO daz_eventfilter_history (at, channel, username, origin, command, args, outcome,"
                                    + " latency_ms) VALUES (to_timestamp(? / 1000.0), ?, ?, ?, ?, ?, ?, ?)",
                            entry.atMillis(),
                            entry.channel(),
                            entry.user(),
                            entry.origin(),
                            entry.command(),
                            entry.args(),
                            entry.outcome(),
                            entry.latencyMillis() < 0 ? null : entry.latencyMillis());
            written.incrementAndGet();
            lastError.set(null);
        } catch (DatabaseException e) {
            if (e.notReady() && retries > 0) {
                schedule(new Waiting(entry, retries - 1), 1_000);
                return;
            }
            failed(entry, e);
        } catch (RuntimeException e) {
            failed(entry, e);
        }
    }

    private void failed(AuditEntry entry, RuntimeException e) {
        dropped.incrementAndGet();
        if (lastError.getAndSet(e.getMessage()) == null) {
            LOG.warn(
                    "audit row for command {} of {} in {} not written: {}",
                    entry.command(),
                    entry.user(),
                    entry.channel(),
                    e.getMessage());
        }
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    @Override
    public void close() {
        // the rows waiting are written now; their delayed tasks go with the shutdown (a retry of a row whose schema
        // was not ready is tried once more now, then dropped and counted)
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writer.execute(() -> waiting.forEach(row -> {
            if (waiting.remove(row)) {
                write(row.entry, 0);
            }
        }));
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
