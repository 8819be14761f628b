package daz.eventbus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded set of threads that run asynchronous handlers.
 *
 * <p>Design: a handler with queued events is put once on a shared run queue; a worker takes it, hands it up to
 * {@link #BATCH} events, and puts it back at the end of the run queue after a turn that found events (under a stream
 * more are coming, and staying scheduled spares its publishers the re-scheduling); a turn that finds nothing makes it
 * idle. So a handler runs on one thread at a time (its events stay in order), no thread exists per handler or per
 * event, and a slow handler occupies one worker while the others serve everyone else: isolation holds as long as
 * fewer handlers are slow at the same moment than there are workers. A turn that used its whole batch (a backlog)
 * wakes an idle worker to help.
 *
 * <p>Waking a parked thread takes tens of microseconds on a virtual machine, far longer than a handler that counts. So
 * one worker at a time holds the "responsive" token: under sustained load it spins (yielding the CPU to anyone who
 * wants it) for up to the configured idle spin before parking, and keeps the token while it runs handlers known to be
 * fast. Publishers then only append to the run queue; they unpark a worker only when nobody holds the token. A handler
 * that does not block (under a millisecond per event, recently) and publishes to another handler makes its own worker
 * take the token instead of waking one: that worker runs the next handler as soon as the first returns (a command, its
 * handler and the reply stay on one warm thread). A worker about to run a handler known to be slow, or whose run
 * turned out slow, gives up the token and wakes another worker to take it.
 *
 * <p>Spinning pays only when work comes back within the spin. The token holder times each of its idle periods and
 * spins only after {@link #SPIN_AFTER} of them in a row were shorter than the spin; a longer one stops it. At chat
 * rates (events tens of milliseconds apart) a spin would be wasted nearly every time, so the worker parks at once; at
 * the bus benchmark's rates it spins as before.
 */
final class WorkerPool {

    /** Events a worker hands to one handler before it lets the next handler in the run queue have a turn. */
    static final int BATCH = 256;

    /** Idle periods in a row, each ended by work within the idle spin, after which the token holder spins. */
    static final int SPIN_AFTER = 8;

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final long JOIN_MILLIS = 5_000;

    private final String namePrefix;
    private final FailureListener failures;
    private final ConcurrentLinkedQueue<HandlerSubscription> runQueue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean responsive = new AtomicBoolean();
    /** The worker running on this thread, if it is one of this pool's. */
    private final ThreadLocal<Worker> current = new ThreadLocal<>();

    private final List<Worker> workers = new ArrayList<>(); // guarded by this
    private volatile long spinNanos;
    /** The token holder's recent idle periods shorter than the spin (see {@link #SPIN_AFTER}); updated by it only. */
    private volatile int shortIdles;

    private volatile boolean shutdown;
    private int started; // guarded by this

    WorkerPool(String namePrefix, int threads, long spinNanos, FailureListener failures) {
        this.namePrefix = namePrefix;
        this.spinNanos = spinNanos;
        this.failures = failures;
        resize(threads);
    }

    /** Puts a handler that was idle on the run queue; called by the publisher that scheduled it. */
    void submit(HandlerSubscription subscription) {
        runQueue.offer(subscription);
        signalWork();
    }

    private void signalWork() {
        if (responsive.get()) {
            return;
        }
        Worker self = current.get();
        if (self != null && self.inFastHandler && responsive.compareAndSet(false, true)) {
            // published by a handler that does not block: this worker takes the token and the work as soon as the
            // handler returns, which is sooner than a parked worker wakes (and hands both over if it turns out slow)
            self.holdsToken = true;
            return;
        }
        wakeHelper();
    }

    private void wakeHelper() {
        Worker worker = idle.pollFirst();
        if (worker != null) {
            // when the work came, for its idle timing: how long the wake itself takes must not count against spinning
            worker.wokenAt = System.nanoTime();
            LockSupport.unpark(worker.thread);
        }
    }

    void setSpinNanos(long nanos) {
        this.spinNanos = nanos;
    }

    /**
     * Starts or retires workers to have {@code threads}; retired workers finish their current batch and end, and this
     * waits for them outside the pool's lock (a handler still running must not hold up {@link #threads()} or a
     * concurrent {@link #shutdown()}).
     */
    void resize(int threads) {
        List<Worker> retired = new ArrayList<>();
        synchronized (this) {
            if (shutdown) {
                return;
            }
            while (workers.size() < threads) {
                Worker worker = new Worker(namePrefix + (++started));
                workers.add(worker);
                worker.thread.start();
            }
            while (workers.size() > threads) {
                Worker worker = workers.remove(workers.size() - 1);
                worker.retired = true;
                retired.add(worker);
            }
        }
        for (Worker worker : retired) {
            LockSupport.unpark(worker.thread);
        }
        join(retired);
    }

    synchronized int threads() {
        return workers.size();
    }

    /** Stops every worker and waits for it to end; a handler call still running gets an interrupt after a while. */
    void shutdown() {
        List<Worker> all;
        synchronized (this) {
            shutdown = true;
            all = new ArrayList<>(workers);
            workers.clear();
        }
        for (Worker worker : all) {
            LockSupport.unpark(worker.thread);
        }
        join(all);
        runQueue.clear();
    }

    private static void join(List<Worker> stopping) {
        for (Worker worker : stopping) {
            try {
                worker.thread.join(JOIN_MILLIS);
                if (worker.thread.isAlive()) {
                    LOG.warn(
                            "Event bus thread {} still runs a handler after {} ms; interrupting it",
                            worker.thread.getName(),
                            JOIN_MILLIS);
                    worker.thread.interrupt();
                    worker.thread.join(JOIN_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One bus thread. */
    final class Worker implements Runnable {

        final Thread thread;
        volatile boolean retired;
        private boolean holdsToken;
        /** Runs a handler that does not block for long (read and written by this worker's thread only). */
        private boolean inFastHandler;
        /** Went idle holding the token, at {@link #idleSince}: the next work it finds ends a timed idle period. */
        private boolean timingIdle;

        private long idleSince;
        /** When a publisher or another worker last unparked it for work. */
        private volatile long wokenAt;

        Worker(String name) {
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        boolean stopping() {
            return shutdown || retired;
        }

        @Override
        public void run() {
            current.set(this);
            try {
                while (!stopping()) {
                    HandlerSubscription subscription = runQueue.poll();
                    if (subscription != null) {
                        if (timingIdle) {
                            idleEnded();
                        }
                        run(subscription);
                    } else if (!holdsToken && !(holdsToken = responsive.compareAndSet(false, true))) {
                        timingIdle = false; // another worker is the responsive one: its idle periods count
                        park();
                    } else {
                        if (!timingIdle) {
                            timingIdle = true;
                            idleSince = System.nanoTime();
                        }
                        if (shortIdles < SPIN_AFTER || !spinForWork()) {
                            releaseToken();
                            // A publisher may have seen the token just before we dropped it, and not woken anyone.
                            if (runQueue.isEmpty()) {
                                park();
                            }
                        }
                    }
                }
            } finally {
                if (holdsToken) {
                    releaseToken();
                }
                idle.remove(this);
            }
        }

        private void run(HandlerSubscription subscription) {
            if (subscription.isClosed()) {
                return;
            }
            if (holdsToken && subscription.isSlow()) {
                handOverToken();
            }
            long start = System.nanoTime();
            inFastHandler = !subscription.blocksLong();
            int handled;
            try {
                handled = subscription.runBatch(BATCH, this, failures);
            } finally {
                inFastHandler = false;
            }
            // A handler may leave the interrupt flag set (catch, re-interrupt); parking would then return at once
            // and this worker would spin for good. Only shutdown interrupts a worker, and it also sets stopping().
            Thread.interrupted();
            if (holdsToken && System.nanoTime() - start > HandlerSubscription.SLOW_NANOS_PER_EVENT) {
                handOverToken();
            }
            if (subscription.isClosed() || shutdown) {
                return;
            }
            if (!subscription.isAttached()) {
                // a durable handler away: its events wait for the next one, which schedules it again (or we do, if it
                // came back just now)
                subscription.setIdle();
                if (subscription.isAttached() && subscription.hasWork() && subscription.trySchedule()) {
                    runQueue.offer(subscription);
                }
                return;
            }
            if (handled > 0 || subscription.hasWork()) {
                // Back to the end of the run queue even when drained: under a steady stream more is coming, and a
                // handler that stays scheduled costs its publishers nothing but the queue offer. It goes idle after
                // a turn that found nothing.
                runQueue.offer(subscription);
                if (handled == BATCH) {
                    wakeHelper(); // a backlog: more hands
                }
            } else {
                subscription.setIdle();
                if (subscription.hasWork() && subscription.trySchedule()) {
                    runQueue.offer(subscription);
                }
            }
        }

        /**
         * Counts the idle period just ended towards spinning, or away from it. It ended when the work came: when this
         * worker was unparked for it, or now if it found the work by itself (spinning, or before it parked).
         */
        private void idleEnded() {
            timingIdle = false;
            long woken = wokenAt;
            long end = woken - idleSince > 0 ? woken : System.nanoTime();
            int count = shortIdles;
            shortIdles = end - idleSince < spinNanos ? Math.min(count + 1, SPIN_AFTER) : 0;
        }

        private void handOverToken() {
            releaseToken();
            signalWork();
        }

        private void releaseToken() {
            holdsToken = false;
            responsive.set(false);
        }

        /** Spins, yielding now and then, until there is work or the idle spin is over. */
        private boolean spinForWork() {
            long deadline = System.nanoTime() + spinNanos;
            for (int i = 1; ; i++) {
                if (!runQueue.isEmpty()) {
                    return true;
                }
                if (stopping()) {
                    return false;
                }
                if ((i & 127) == 0) {
                    if (System.nanoTime() - deadline >= 0) {
                        return false;
                    }
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        private void park() {
            idle.offerFirst(this);
            // Re-check after announcing ourselves: a submit that missed us in idle has already queued its work.
            if (runQueue.isEmpty() && !stopping()) {
                LockSupport.park(this);
            }
            idle.remove(this);
        }
    }
}
