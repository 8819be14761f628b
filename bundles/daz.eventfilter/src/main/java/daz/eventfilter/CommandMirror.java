package daz.eventfilter;

import daz.api.command.CommandInfo;
import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the command registry to {@code daz_eventfilter_commands} on a thread of its own: after every change, the
 * table is rewritten from the latest snapshot (changes that come in a burst are written once).
 */
final class CommandMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandMirror.class);

    private final Supplier<Optional<Database>> database;
    private final Supplier<List<CommandInfo>> snapshot;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "daz-eventfilter-command-mirror");
        t.setDaemon(true);
        return t;
    });

    CommandMirror(Supplier<Optional<Database>> database, Supplier<List<CommandInfo>> snapshot) {
        this.database = database;
        this.snapshot = snapshot;
        // the registry changes when plugins come and go: between, no thread waits idle for it
        writer.setKeepAliveTime(30, TimeUnit.SECONDS);
        writer.allowCoreThreadTimeOut(true);
    }

    /** Asks for the table to be rewritten from the registry as it is when the writer gets to it. */
    void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                writer.execute(this::write);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closing
            }
        }
    }

    private void write() {
        pending.set(false);
        Optional<Database> db = database.get();
        if (db.isEmpty()) {
            return;
        }
        List<CommandInfo> commands = snapshot.get();
        try {
            db.get().execute("DELETE FROM daz_eventfilter_commands");
            for (CommandInfo c : commands) {
                db.get()
                        .execute(
                                "INSERT INTO daz_eventfilter_commands (name, aliases, min_rank, cooldown_s, description,"
                                        + " usage, bundle) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                c.name(),
                                String.join(",", c.aliases()),
                                c.minRank(),
                                c.cooldownSeconds(),
                                c.description(),
                                c.usage(),
                                c.bundle());
            }
        } catch (DatabaseException e) {
            if (e.notReady()) {
                // the schema is being migrated, and the database said so at once: again in a second
                retry();
                return;
            }
            LOG.warn("command registry not mirrored to daz_eventfilter_commands: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("command registry not mirrored to daz_eventfilter_commands: {}", e.getMessage());
        }
    }

    private void retry() {
        try {
            writer.schedule(this::changed, 1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
