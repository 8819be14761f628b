package daz.sql;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A single daemon thread for occasional work (a connection check, a plugin's migrations, pool housekeeping) that ends
 * when it has had nothing to do, run or scheduled, for {@link #IDLE_SECONDS}, and is started again by the next task.
 * Each idle thread of the bot holds its stack's touched pages and the JVM's per-thread memory (about 0.1 MB) for as
 * long as it lives, and these run a few tasks at start and then rarely or never. A task scheduled for later keeps the
 * thread: the executor lets its last thread end only on an empty queue.
 */
final class QuietThread {

    static final long IDLE_SECONDS = 10;

    private QuietThread() {}

    static ScheduledExecutorService named(String name) {
        return named(name, TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
    }

    static ScheduledExecutorService named(String name, long idleMillis) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setKeepAliveTime(idleMillis, TimeUnit.MILLISECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
