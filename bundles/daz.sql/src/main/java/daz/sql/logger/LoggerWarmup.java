package daz.sql.logger;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.bus.Priority;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.CytubeEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once per process, when a channel is first ready: runs the SQL logger's rules and record encoder (and the writer's
 * decoder) on made-up chat events on a low-priority thread, so that the JIT compiles them before real chat needs
 * them. The logger appends to the journal on the socket's thread, so an interpreted logger delayed every early line
 * and command. Nothing is journaled: {@link EventLogger#encodeOnly} stops before the journal, and the decoder is
 * this warm-up's own. At most {@link #ROUNDS} rounds or {@link #CPU_BUDGET_NANOS} of the thread's CPU.
 */
@Component(
        service = EventHandler.class,
        immediate = true,
        property = EventHandler.TOPICS + "=" + ConnectionState.TOPIC_PREFIX + "ready")
public class LoggerWarmup implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LoggerWarmup.class);

    static final int ROUNDS = 600;
    static final long CPU_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private final EventLogger logger;
    private final LogRecordCodec.Decoder decoder = new LogRecordCodec.Decoder();

    @Activate
    public LoggerWarmup(@Reference EventLogger logger) {
        this.logger = logger;
    }

    @Override
    public void handle(Event event) {
        if (event.payload() instanceof ConnectionState state
                && state.phase() == Phase.READY
                && STARTED.compareAndSet(false, true)) {
            Thread thread = new Thread(() -> run(ROUNDS, CPU_BUDGET_NANOS), "daz-sql-warmup");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }
    }

    /** Runs the rounds; how many ran. */
    int run(int rounds, long budgetNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean timed = threads.isCurrentThreadCpuTimeSupported();
        long cpuFrom = timed ? threads.getCurrentThreadCpuTime() : 0;
        int done = 0;
        try {
            while (done < rounds && (!timed || threads.getCurrentThreadCpuTime() - cpuFrom < budgetNanos)) {
                round(done);
                done++;
            }
        } catch (RuntimeException e) {
            // the warm-up is only an optimisation: a made-up event the rules no longer take ends it
            LOG.debug("SQL logger warm-up stopped: {}", e.toString());
        }
        LOG.info(
                "SQL logger warmed up: {} rounds ({} ms CPU)",
                done,
                timed ? TimeUnit.NANOSECONDS.toMillis(threads.getCurrentThreadCpuTime() - cpuFrom) : -1);
        return done;
    }

    private void round(int i) {
        LogRecordCodec.Encoded encoded = encodedRound(i);
        if (encoded != null) {
            decoder.decode(Arrays.copyOf(encoded.bytes(), encoded.length()));
        }
    }

    /** Round {@code i}'s made-up chat line, as the logger would journal it; null if no rule wants it. */
    LogRecordCodec.Encoded encodedRound(int i) {
        String user = "warmup" + (i % 7);
        long time = 1_700_000_000_000L + i;
        String raw = "{\"username\":\"" + user + "\",\"msg\":\"line " + i + " of the warm-up &lt;3\",\"meta\":{},"
                + "\"time\":" + time + "}";
        ChatMessage chat = new ChatMessage(
                user, "line " + i + " of the warm-up &lt;3", "line " + i + " of the warm-up <3", time, false);
        CytubeEvent payload = new CytubeEvent("warmup", "chatMsg", raw, time, false, Optional.of(chat));
        Event event = new Event(
                "warmup-" + i,
                CytubeEvent.TOPIC_PREFIX + "chatMsg",
                payload,
                "daz.core",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                time,
                System.nanoTime(),
                Priority.NORMAL,
                Set.of(),
                true);
        return logger.encodeOnly(event);
    }
}
