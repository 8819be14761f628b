package daz.core;

import java.util.concurrent.ScheduledFuture;

/**
 * A session's timer: runs a task under the session's lock after a delay, unless the session has ended by then. Gives
 * {@code null} once the timer thread is stopping (no timer runs any more).
 */
@FunctionalInterface
interface SessionTimer {

    ScheduledFuture<?> schedule(Runnable task, long millis);
}
