package daz.core;

import daz.api.cytube.FloodLimit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's outgoing queue and the thread that empties it: lines wait until a link is ready, then go out one at
 * a time, in order, no faster than the {@link OutboundPacer} allows. A line whose write fails stays first in the
 * queue for the next link. The queue is bounded (generously); a message that does not fit is refused whole and the
 * refusal logged.
 */
final class OutboundWriter {

    /** Where lines are written: the current link, while it is ready. */
    interface Target {
        /** Writes one frame; false if the link broke (the line is then kept for the next link). */
        boolean write(String frame);

        /** The limit the server applies to this line now. */
        FloodLimit limitFor(OutboundLine line);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutboundWriter.class);

    private final String channel;
    private final FrameCodec codec;
    private final OutboundPacer pacer;
    private final int capacity;
    private final LongSupplier clockMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<OutboundLine> queue = new ArrayDeque<>();
    private Target target;
    private boolean running = true;
    private Thread thread;
    private long written;
    private int unechoed;
    private long lastWriteAt;

    /** How long to wait for the echo of a line before pacing on without it (lines such as /afk get none). */
    static final long ECHO_TIMEOUT_MILLIS = 1000;

    OutboundWriter(String channel, FrameCodec codec, OutboundPacer pacer, int capacity, LongSupplier clockMillis) {
        this.channel = channel;
        this.codec = codec;
        this.pacer = pacer;
        this.capacity = capacity;
        this.clockMillis = clockMillis;
    }

    void start(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread and waits for it; returns the lines never written. */
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
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        lock.lock();
        try {
            List<OutboundLine> left = List.copyOf(queue);
            queue.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }

    /** Queues the lines of one message, all or none; false when the queue has no room for them. */
    boolean offer(List<OutboundLine> lines) {
        lock.lock();
        try {
            if (!running || queue.size() + lines.size() > capacity) {
                return false;
            }
            queue.addAll(lines);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lines go to {@code newTarget} from now on. */
    void attach(Target newTarget) {
        lock.lock();
        try {
            target = newTarget;
            unechoed = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
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

    /** Lines waiting. */
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

    private void run() {
        while (true) {
            OutboundLine line;
            Target to;
            FloodLimit limit;
            long now;
            lock.lock();
            try {
                if (!running) {
                    return;
                }
                if (queue.isEmpty() || target == null) {
                    changed.await();
                    continue;
                }
                line = queue.peekFirst();
                to = target;
                limit = to.limitFor(line);
                now = clockMillis.getAsLong();
                if (unechoed > 0
                        && now - lastWriteAt < ECHO_TIMEOUT_MILLIS
                        && pacer.sustained(now, limit, line.weight())) {
                    changed.await(lastWriteAt + ECHO_TIMEOUT_MILLIS - now, TimeUnit.MILLISECONDS);
                    continue;
                }
                long at = pacer.nextSendAt(now, limit, line.weight());
                if (at > now) {
                    changed.await(at - now, TimeUnit.MILLISECONDS);
                    continue;
                }
                // counted before the write: the echo may come back before the write's completion does
                unechoed++;
                lastWriteAt = now;
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                continue;
            } finally {
                lock.unlock();
            }
            boolean ok;
            try {
                ok = to.write(codec.encodeEvent(line.event(), line.payload()));
            } catch (RuntimeException e) {
                LOG.warn("Channel {}: writing a line failed: {}", channel, e.toString());
                ok = false;
            }
            lock.lock();
            try {
                if (ok) {
                    pacer.sent(now, limit, line.weight());
                    queue.pollFirst();
                    written++;
                } else {
                    unechoed = Math.max(0, unechoed - 1);
                    if (target == to) {
                        // the link broke under the line: keep it for the next one
                        target = null;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (ok) {
                line.delivery().lineWritten();
            }
        }
    }
}
