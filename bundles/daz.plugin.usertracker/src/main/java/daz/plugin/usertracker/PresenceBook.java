package daz.plugin.usertracker;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.User;
import daz.api.sql.DatabaseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which channels' sessions are being followed, and what a lost link or a rejoin means for them. A session ends when
 * the bot loses the channel; when the bot is back, the channel's {@code userlist} resumes the sessions of the users who
 * are still there (one stay, not two) and ends the others. At start, sessions left open by the previous run end at
 * their channel's last heartbeat, and the channels the bot is already in are taken from their {@link ChannelState}.
 * A change that cannot be recorded (the database away; on a first start the schema not migrated yet) is made good
 * the same way: the channels' users are taken again as soon as the database takes them.
 */
// immediate: it closes the previous run's sessions and starts the heartbeat as the bundle starts
@Component(service = PresenceBook.class, immediate = true, configurationPid = UserTrackerConfiguration.PID)
public class PresenceBook {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceBook.class);

    /** How soon the users present are taken again after a change could not be recorded. */
    static final long RESYNC_MILLIS = 2_000;

    /** Phases in which the bot is not (or no longer) in the channel. */
    private static final Set<ConnectionState.Phase> LOST = EnumSet.complementOf(
            EnumSet.of(ConnectionState.Phase.JOINING, ConnectionState.Phase.LOGGING_IN, ConnectionState.Phase.READY));

    /** What is followed of one channel. */
    private static final class Followed {
        /** When the last userlist was taken: a link state older than that is stale. */
        long listedAt;
        /** Whether the channel's sessions are current (a userlist came since the last loss). */
        boolean current;
        /** When this run lost the channel; its sessions from then on may be resumed. */
        Long lostAt;
    }

    private final PresenceLog log;
    private final LastWords words = new LastWords();
    private String wordsError; // the last failure to write the last lines, said once; on the heartbeat thread only
    private final Map<String, Followed> channels = new HashMap<>();
    private final ScheduledThreadPoolExecutor heartbeat = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "daz-usertracker-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /**
     * Whether a write of the last lines is scheduled: from the first line after a write until that write starts. A
     * busy channel costs one statement per {@code words.flush.ms}, a quiet one no wake-up.
     */
    private final AtomicBoolean wordsScheduled = new AtomicBoolean();

    /** Read once, as the component activates (dynamic: a channel coming or going must not restart the book). */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ChannelState> states;

    private final int heartbeatSeconds;
    private final int wordsMillis;
    /** Guarded by this: whether the previous run's open sessions are ended. */
    private boolean settled;
    /** Guarded by this: the last failure to settle them, said once. */
    private String settleCause;
    /** Guarded by this: the last failure to record a change, said once; null once the channels are taken again. */
    private String missedCause;
    /** Whether taking the channels again is scheduled. */
    private final AtomicBoolean resyncScheduled = new AtomicBoolean();

    @Activate
    public PresenceBook(@Reference PresenceLog log, UserTrackerConfiguration config) {
        this.log = log;
        this.heartbeatSeconds = Math.max(1, config.heartbeat_seconds());
        this.wordsMillis = Math.max(10, config.words_flush_ms());
        // deactivate writes what is left itself; a write still scheduled then need not hold up the stop
        heartbeat.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts the heartbeat, whose thread first settles the previous run's sessions and takes the channels the bot is
     * in now: nothing here waits for the database on the thread that activates the component.
     */
    @Activate
    void start() {
        heartbeat.execute(this::takeChannels);
        heartbeat.scheduleWithFixedDelay(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    /**
     * Takes the users present in every channel the bot is in from its {@link ChannelState} (which the Core updates
     * before it publishes an event); under the book's lock, so in order with the changes {@link #record}ed. If one
     * cannot be recorded, it is taken again soon.
     */
    private synchronized void takeChannels() {
        List<ChannelState> now = states;
        for (ChannelState state : now == null ? List.<ChannelState>of() : now) {
            if (!LOST.contains(state.connection().phase()) && !state.users().isEmpty()) {
                try {
                    present(state.channel(), state.users(), System.currentTimeMillis());
                } catch (RuntimeException e) {
                    missed(state.channel(), e);
                    return;
                }
            }
        }
        if (missedCause != null) {
            LOG.info("The users present are recorded again; what was missed meanwhile is taken from the channels");
            missedCause = null;
        }
    }

    /** Records one change a channel sent, in order with {@link #takeChannels}; a failure is {@link #missed}. */
    synchronized void record(String channel, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            missed(channel, e);
        }
    }

    /**
     * A change could not be recorded (the database away, or on a first start the schema not migrated yet): said once
     * per cause, and the users present are taken again from the channels in {@link #RESYNC_MILLIS} (and so on until
     * the database takes them), so that nobody's session stays missing.
     */
    private synchronized void missed(String channel, RuntimeException e) {
        missedCause = sayOnce(
                missedCause,
                e,
                "Channel {}: users not recorded yet, taken again soon: {}",
                "Channel {}: users not recorded, taken again once the database answers: {}",
                channel);
        if (resyncScheduled.compareAndSet(false, true)) {
            try {
                heartbeat.schedule(
                        () -> {
                            resyncScheduled.set(false);
                            takeChannels();
                        },
                        RESYNC_MILLIS,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                resyncScheduled.set(false); // the book is stopping: the next run takes the channels
            }
        }
    }

    /**
     * Ends the sessions a previous run left open, once, before this run records any: tried again at every
     * heartbeat and before every userlist until the database takes it.
     *
     * @throws RuntimeException the database's refusal (said once per cause) while it does not take it
     */
    private synchronized void settle() {
        if (settled) {
            return;
        }
        try {
            long closed = log.closeUnfinished();
            settled = true;
            if (closed > 0) {
                LOG.info("Closed {} sessions the previous run left open, at their channel's last heartbeat", closed);
            }
        } catch (RuntimeException e) {
            settleCause = sayOnce(
                    settleCause,
                    e,
                    "The previous run's sessions are settled once the schema is ready: {}",
                    "Could not settle the previous run's sessions yet (tried again): {}");
            throw e;
        }
    }

    /** Writes what is waiting on the heartbeat thread, for at most 2 s: a dead database never holds the stop. */
    @Deactivate
    void deactivate() throws InterruptedException {
        heartbeat.execute(() -> {
            writeWords();
            beat();
        });
        heartbeat.shutdown(); // the periodic tasks end; the last write above still runs
        if (!heartbeat.awaitTermination(2, TimeUnit.SECONDS)) {
            heartbeat.shutdownNow();
            LOG.warn("Stopped without writing the last lines and heartbeat: the database did not answer within 2 s");
        }
    }

    /** A user's chat line: kept as their last words at the next write if it is their latest. */
    void said(String channel, String name, String text, long time) {
        words.said(channel, name, text, time);
        wordsSoon();
    }

    /** Schedules a write of the last lines in one interval unless one is scheduled already. */
    private void wordsSoon() {
        if (wordsScheduled.compareAndSet(false, true)) {
            try {
                heartbeat.schedule(this::scheduledWords, wordsMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                wordsScheduled.set(false); // stopping: deactivate writes what is left
            }
        }
    }

    private void scheduledWords() {
        // cleared before the drain: a line said after it schedules the next write
        wordsScheduled.set(false);
        if (!writeWords()) {
            wordsSoon(); // what could not be written is tried again in one interval
        }
    }

    /**
     * Writes the last lines said since the last write; on failure they wait for the next.
     *
     * @return whether they were written (or none waited)
     */
    boolean writeWords() {
        List<LastWords.Line> lines = words.drain();
        try {
            log.said(lines);
            if (wordsError != null) {
                LOG.info("Last lines written again");
                wordsError = null;
            }
            return true;
        } catch (RuntimeException e) {
            words.restore(lines);
            // said once per cause, not at every attempt (every few hundred ms while the database is away)
            wordsError = sayOnce(
                    wordsError,
                    e,
                    "Last lines of {} users not written yet (kept for the next attempt): {}",
                    "Last lines of {} users not written (kept for the next attempt): {}",
                    lines.size());
            return false;
        }
    }

    /**
     * Says a failure unless it is the one said last ({@code last}): at INFO when the database refused only because
     * the schema is not migrated yet (a first start; what failed is tried again, nothing is lost), else at WARN. Each
     * line takes {@code args} and then the cause. Returns the cause: the next call's {@code last}.
     */
    private static String sayOnce(
            String last, RuntimeException e, String notReadyLine, String failedLine, Object... args) {
        String cause = String.valueOf(e.getMessage());
        if (!cause.equals(last)) {
            Object[] withCause = Arrays.copyOf(args, args.length + 1);
            withCause[args.length] = cause;
            if (e instanceof DatabaseException d && d.notReady()) {
                LOG.info(notReadyLine, withCause);
            } else {
                LOG.warn(failedLine, withCause);
            }
        }
        return cause;
    }

    /** The users present in a channel ({@code userlist}). */
    synchronized void present(String channel, List<User> users, long at) {
        settle();
        Followed followed = channels.computeIfAbsent(channel, c -> new Followed());
        log.present(channel, users, at, Optional.ofNullable(followed.lostAt));
        followed.listedAt = at;
        followed.current = true;
        followed.lostAt = null;
    }

    /** The bot's link to a channel changed. */
    synchronized void link(ConnectionState state) {
        Followed followed = channels.get(state.channel());
        long at = state.since().toEpochMilli();
        if (followed == null || !followed.current || !LOST.contains(state.phase()) || at < followed.listedAt) {
            return;
        }
        log.disconnected(state.channel(), at);
        followed.current = false;
        followed.lostAt = at;
        LOG.debug("Channel {}: link {}, sessions ended until the bot is back", state.channel(), state.phase());
    }

    private void beat() {
        try {
            settle();
        } catch (RuntimeException e) {
            return; // said by settle
        }
        List<String> current;
        synchronized (this) {
            current = channels.entrySet().stream()
                    .filter(e -> e.getValue().current)
                    .map(Map.Entry::getKey)
                    .toList();
        }
        try {
            log.alive(current, Instant.now().toEpochMilli());
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of channels {} not written: {}", current, e.getMessage());
        }
    }
}
