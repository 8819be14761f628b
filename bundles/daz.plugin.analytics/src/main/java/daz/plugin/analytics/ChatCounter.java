package daz.plugin.analytics;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ChatMessage;
import daz.api.event.ChannelEvent;
import daz.api.event.ChannelListener;
import daz.api.event.ChannelSubscription;
import daz.api.sql.DatabaseException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every chat line of every channel (not the bot's own, not server messages) into hours, days and weeks, and
 * writes the sums {@code flush.ms} after the first line since the last write: a busy channel costs one statement per
 * interval, and a quiet one no wake-up at all (the writer sleeps until a line comes). It takes the backlog CyTube
 * replays on each join too, counting only its lines after the channel's watermark: the ones said while the bot was
 * away. Lines not yet written when the bundle stops are written then; a crash loses at most one interval, and what of
 * it the next join replays is counted then.
 */
@Component(service = ChannelListener.class, immediate = true, configurationPid = AnalyticsConfiguration.PID)
@Designate(ocd = AnalyticsConfiguration.class)
@ChannelSubscription(event = ChannelSubscription.CHAT, type = ChatMessage.class, replayed = true)
public class ChatCounter implements ChannelListener<ChatMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCounter.class);
    private static final String SERVER = "[server]";

    private final CountStore store;
    private final Periods periods;
    private final LineTally tally;
    private final ScheduledThreadPoolExecutor writer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "daz-analytics-writer");
        t.setDaemon(true);
        return t;
    });
    private final long interval;
    /** Whether a write is scheduled: from the first line after a write until that write starts. */
    private final AtomicBoolean writeScheduled = new AtomicBoolean();

    private volatile String lastError;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ChannelState> channels;

    @Activate
    public ChatCounter(@Reference CountStore store, AnalyticsConfiguration config) {
        this.store = store;
        this.periods = new Periods(zone(config.zone()));
        this.tally = new LineTally(periods);
        this.interval = Math.max(10, config.flush_ms());
        // deactivate writes what is left itself; a write still scheduled then need not hold up the stop
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writeScheduled.set(true);
        writer.execute(this::scheduledWrite); // reads the watermarks at once
    }

    static ZoneId zone(String name) {
        try {
            return ZoneId.of(name.trim());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ChatCounter.class).warn("Unknown time zone '{}': counting in UTC", name);
            return ZoneId.of("UTC");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(10, TimeUnit.SECONDS);
        write();
    }

    @Override
    public void on(ChannelEvent<ChatMessage> event) {
        ChatMessage line = event.payload();
        if (line.serverWhisper() || SERVER.equals(line.username()) || fromBot(event.channel(), line.username())) {
            return;
        }
        tally.add(event.channel(), line.username(), line.time(), event.source().replayed());
        writeSoon();
    }

    /** Schedules a write in one interval unless one is scheduled already (then this line goes with it). */
    private void writeSoon() {
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::scheduledWrite, interval, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                writeScheduled.set(false); // stopping: deactivate writes what is left
            }
        }
    }

    private void scheduledWrite() {
        // cleared before the drain: a line counted after it schedules the next write
        writeScheduled.set(false);
        if (!write()) {
            writeSoon(); // what could not be written is tried again in one interval
        }
    }

    private boolean fromBot(String channel, String user) {
        return ChannelState.find(channels, channel)
                .flatMap(ChannelState::botName)
                .map(user::equalsIgnoreCase)
                .orElse(false);
    }

    /**
     * Writes what was counted; on failure it stays for the next attempt.
     *
     * @return whether it was written (or nothing waited)
     */
    boolean write() {
        try {
            if (!tally.watermarksKnown()) {
                tally.known(store.watermarks());
            }
            LineTally.Batch batch = tally.drain();
            if (batch.rows().isEmpty()) {
                return true;
            }
            try {
                store.write(batch, periods);
            } catch (RuntimeException e) {
                tally.restore(batch);
                throw e;
            }
            if (lastError != null) {
                LOG.info("Counts written again");
                lastError = null;
            }
            return true;
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).equals(lastError)) {
                // said already
            } else if (e instanceof DatabaseException d && d.notReady()) {
                // the schema is being migrated (a first start): written at the next attempt
                LOG.info("Counts not written yet (kept for the next attempt): {}", e.getMessage());
            } else {
                LOG.warn("Counts not written (kept for the next attempt): {}", e.getMessage());
            }
            lastError = String.valueOf(e.getMessage());
            return false;
        }
    }
}
