package daz.sql.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The thread that forces a {@link Journal}'s appended records to disk in groups (group commit): asleep while nothing
 * waits for an fsync (an idle bot costs no wake-ups); woken by the first record appended after an fsync. Forces are
 * at least the interval apart, counted from the end of the last one: a record that comes after a quiet spell (a chat
 * line, most of the time) is forced at once, with no timer to wait for, and what comes during a force or soon after
 * it is gathered for the next, one interval after it. Woken early when enough records wait.
 */
final class GroupFlusher {

    private final Journal journal;
    private final long intervalNanos;
    private final int fsyncRecords;
    private final Thread thread;
    private final LongSupplier clock;
    /** When the last force ended (the journal's open forces too); on the flusher's thread only after the start. */
    private long lastForced;

    GroupFlusher(Journal journal, JournalSettings settings, LongSupplier clock) {
        this.journal = journal;
        this.clock = clock;
        this.lastForced = clock.getAsLong();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.fsyncIntervalMillis());
        this.fsyncRecords = settings.fsyncRecords();
        this.thread = new Thread(this::run, "daz-sql-journal-flush");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Wakes the flusher: to start its interval, or to force at once when enough records wait. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Wakes the flusher so it sees the journal closed, and waits (a while) for it to end. */
    void stop() {
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!journal.isClosed()) {
            int waiting = journal.waitingForFsync();
            if (waiting == 0) {
                LockSupport.park(this);
                Thread.interrupted(); // nobody may stop the flusher but close()
                continue;
            }
            // until one interval after the last force, unless enough records wait (an unpark that came before this
            // thread ran is lost: they are counted again after each wake-up, as the wake-up may be an append's)
            long due = lastForced + intervalNanos;
            for (long wait = due - clock.getAsLong();
                    wait > 0 && waiting < fsyncRecords && !journal.isClosed();
                    wait = due - clock.getAsLong()) {
                LockSupport.parkNanos(this, wait);
                Thread.interrupted(); // a flag left set would end every park at once
                waiting = journal.waitingForFsync();
            }
            Thread.interrupted();
            journal.flush();
            lastForced = clock.getAsLong();
        }
    }
}
