package daz.core;

import daz.api.cytube.FloodLimit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's outgoing queue: lines wait until a link is ready, then go out one at a time, in order, no faster than
 * the {@link OutboundPacer} allows. One line is on the wire at a time; the next starts when its write completed. A
 * line that may go at once is written by the thread that offers it (or by the one that completed the previous write),
 * so an answer does not wait for a thread to wake; the channel's writer thread only waits out the pacer and watches
 * for a write that does not complete (within one to two write timeouts). A line whose write fails stays first in the
 * queue for the next link. The queue is bounded (generously); a message that does not fit is refused whole and the
 * refusal logged.
 */
final class OutboundWriter {

    /** Where lines are written: the current link, while it is ready. */
    interface Target {
        /**
         * Starts writing one frame without blocking, and calls {@code done} once with whether it was written (false:
         * the link broke, and the line is kept for the next link).
         */
        void write(String frame, Consumer<Boolean> done);

        /** A write has not completed within the write timeout: the link is to be dropped. */
        void stalled(Duration waited);

        /** The limit the server applies to this line now. */
        FloodLimit limitFor(OutboundLine line);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboundWriter.class);

    /** How long to wait for the echo of a line before pacing on without it (lines such as /afk get none). */
    static final long ECHO_TIMEOUT_MILLIS = 1000;

    private final String channel;
    private final FrameCodec codec;
    private final OutboundPacer pacer;
    private final int capacity;
    private final LongSupplier clockMillis;
    private final long writeTimeoutMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Signalled when the write in flight ends, for {@link #awaitIdle} only (the writer thread is not woken by it). */
    private final Condition settled = lock.newCondition();

    private final Deque<OutboundLine> queue = new ArrayDeque<>();
    private Target target;
    private boolean running = true;
    private Thread thread;
    private long written;
    private int unechoed;
    private long lastWriteAt;
    /** The write on the wire, or null. */
    private Write inFlight;

    /** One line being written: the first of the queue, to {@code to}, started at {@code at}. */
    private record Write(OutboundLine line, Target to, FloodLimit limit, long at) {}

    OutboundWriter(
            String channel,
            FrameCodec codec,
            OutboundPacer pacer,
            int capacity,
            LongSupplier clockMillis,
            Duration writeTimeout) {
        this.channel = channel;
        this.codec = codec;
        this.pacer = pacer;
        this.capacity = capacity;
        this.clockMillis = clockMillis;
        this.writeTimeoutMillis = writeTimeout.toMillis();
    }

    void start(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread and waits for it; returns the lines never started. A line whose write was started but had not
     * completed is not among them (it may have reached the server; handing it on could say it twice): it is logged.
     */
    List<OutboundLine> stop() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        lock.lock();
        try {
            if (inFlight != null && !queue.isEmpty()) {
                queue.pollFirst();
                LOG.warn(
                        "Channel {}: stopping while a line was being written; it may not have reached the server",
                        channel);
                inFlight = null;
            }
            List<OutboundLine> left = List.copyOf(queue);
            queue.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** Queues the lines of one message, all or none; false when the queue has no room for them. */
    boolean offer(List<OutboundLine> lines) {
        Write now;
        lock.lock();
        try {
            if (!running || queue.size() + lines.size() > capacity) {
                return false;
            }
            queue.addAll(lines);
            now = startNext();
        } finally {
            lock.unlock();
        }
        send(now);
        return true;
    }

    /** Lines go to {@code newTarget} from now on. */
    void attach(Target newTarget) {
        Write now;
        lock.lock();
        try {
            target = newTarget;
            unechoed = 0;
            now = startNext();
        } finally {
            lock.unlock();
        }
        send(now);
    }

    /** No more lines to {@code oldTarget} (if it is still the target). */
    void detach(Target oldTarget) {
        lock.lock();
        try {
            if (target == oldTarget) {
                target = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code max} until no line is being written to {@code oldTarget} (after {@link #detach} none
     * starts): the one under way has then either been written or stays first in the queue. False if it had not
     * completed in time.
     */
    boolean awaitIdle(Target oldTarget, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        lock.lock();
        try {
            while (inFlight != null && inFlight.to() == oldTarget) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                settled.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server relayed one of the bot's own lines back to it. After the burst, the next line waits for this echo
     * (or {@link #ECHO_TIMEOUT_MILLIS}) and keeps the interval from it: the pacing then follows the server's clock,
     * not only the bot's, and a server slow to work through a burst cannot make the next line too early.
     */
    void echoed() {
        lock.lock();
        try {
            pacer.echoed(clockMillis.getAsLong());
            unechoed = Math.max(0, unechoed - 1);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The server dropped a line for flooding and asks for {@code millis} of quiet. */
    void serverCooldown(long millis, FloodLimit limit) {
        lock.lock();
        try {
            pacer.serverCooldown(clockMillis.getAsLong(), millis, limit);
        } finally {
            lock.unlock();
        }
    }

    /** Lines waiting (the one being written included). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Lines written since start. */
    long written() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }

    /**
     * With the lock held: the first line, marked in flight, if it may be written now; otherwise null, and the writer
     * thread is told to look again (it works out how long to wait).
     */
    private Write startNext() {
        if (!running || inFlight != null || queue.isEmpty() || target == null) {
            changed.signalAll();
            return null;
        }
        OutboundLine line = queue.peekFirst();
        FloodLimit limit = target.limitFor(line);
        long now = clockMillis.getAsLong();
        if (waitMillis(now, line, limit) > 0) {
            changed.signalAll();
            return null;
        }
        // counted before the write: the echo may come back before the write's completion does
        unechoed++;
        lastWriteAt = now;
        inFlight = new Write(line, target, limit, now);
        return inFlight;
    }

    /** With the lock held: how long the first line must wait for the echo of the last one or for the pacer. */
    private long waitMillis(long now, OutboundLine line, FloodLimit limit) {
        if (unechoed > 0 && now - lastWriteAt < ECHO_TIMEOUT_MILLIS && pacer.sustained(now, limit, line.weight())) {
            return lastWriteAt + ECHO_TIMEOUT_MILLIS - now;
        }
        return Math.max(0, pacer.nextSendAt(now, limit, line.weight()) - now);
    }

    /** Writes {@code write} (if not null) on this thread, without waiting for the write to complete. */
    private void send(Write write) {
        if (write == null) {
            return;
        }
        try {
            String frame = codec.encodeEvent(write.line().event(), write.line().payload());
            write.to().write(frame, ok -> completed(write, ok));
        } catch (RuntimeException e) {
            LOG.warn("Channel {}: writing a line failed: {}", channel, e.toString());
            completed(write, false);
        }
    }

    private void completed(Write write, boolean ok) {
        Write next;
        lock.lock();
        try {
            if (inFlight != write) {
                return; // timed out already: the line was kept for the next link
            }
            inFlight = null;
            settled.signalAll();
            if (ok) {
                pacer.sent(write.at(), write.limit(), write.line().weight());
                queue.pollFirst();
                written++;
            } else {
                lost(write);
            }
            next = startNext();
        } finally {
            lock.unlock();
        }
        if (ok) {
            write.line().delivery().lineWritten();
        }
        send(next);
    }

    /** With the lock held: the link broke under the line; it stays first in the queue for the next link. */
    private void lost(Write write) {
        unechoed = Math.max(0, unechoed - 1);
        if (target == write.to()) {
            target = null;
        }
    }

    /** The writer thread: starts the lines that had to wait, and drops a link whose write does not complete. */
    private void run() {
        while (true) {
            Write start = null;
            Write stalled = null;
            lock.lock();
            try {
                if (!running) {
                    return;
                }
                long now = clockMillis.getAsLong();
                if (inFlight != null) {
                    long left = inFlight.at() + writeTimeoutMillis - now;
                    if (left > 0) {
                        changed.await(left, TimeUnit.MILLISECONDS);
                        continue;
                    }
                    stalled = inFlight;
                    inFlight = null;
                    settled.signalAll();
                    lost(stalled);
                } else if (queue.isEmpty() || target == null) {
                    // not for ever: a write started by another thread meanwhile is watched from the next round on
                    // (so a stalled one is dropped within one to two write timeouts)
                    changed.await(writeTimeoutMillis, TimeUnit.MILLISECONDS);
                    continue;
                } else {
                    long wait = waitMillis(now, queue.peekFirst(), target.limitFor(queue.peekFirst()));
                    if (wait > 0) {
                        changed.await(wait, TimeUnit.MILLISECONDS);
                        continue;
                    }
                    start = startNext();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue;
            } finally {
                lock.unlock();
            }
            if (stalled != null) {
                stalled.to().stalled(Duration.ofMillis(writeTimeoutMillis));
            }
            send(start);
        }
    }
}
