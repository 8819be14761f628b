package daz.sql.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that forces a {@link Journal}'s appended records to disk in groups (group commit): asleep while nothing
 * waits for an fsync (an idle bot costs no wake-ups); woken by the first record appended after an fsync, it gathers
 * what comes within the interval and forces it in one fsync; woken early when enough records wait.
 */
final class GroupFlusher {

    private final Journal journal;
    private final long intervalNanos;
    private final int fsyncRecords;
    private final Thread thread;

    GroupFlusher(Journal journal, JournalSettings settings) {
        this.journal = journal;
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
            // an unpark that came before this thread ran is lost: enough records already waiting are forced now
            if (waiting < fsyncRecords) {
                LockSupport.parkNanos(this, intervalNanos);
            }
            Thread.interrupted();
            journal.flush();
        }
    }
}
