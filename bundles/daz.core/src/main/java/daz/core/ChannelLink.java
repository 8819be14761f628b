package daz.core;

import daz.api.cytube.ConnectionState.Phase;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's link to the server over time: on the link thread ({@code daz-core-<channel>-link}) it reads the
 * stored reconnect state (a bounded wait), discovers the socket servers, opens a WebSocket to the first that answers
 * (within the per-address limit), and when a {@link SocketIoSession} ends asks the {@link ReconnectScheduler} when to
 * try again. The link's state ({@link #current} and the scheduler) is confined to the link thread; sessions report to
 * it by queueing a task there. The link thread holds no lock, so its blocking discovery and connect never stall a
 * frame or a timer; {@link #stop} interrupts them. The Jetty clients it connects with are {@link LinkClients}.
 */
final class ChannelLink implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelLink.class);

    private static final Duration STATE_READ_WAIT = Duration.ofMillis(500);

    private final SessionContext context;
    private final ReconnectScheduler scheduler;
    private final ReconnectStateKeeper keeper;
    private final ConnectionStatus status;
    private final String channel;
    private final ScheduledThreadPoolExecutor link;
    private volatile boolean stopping;

    // link thread only, but read by stop()
    private volatile SocketIoSession current;
    private ScheduledFuture<?> next;
    /** Probes that found the server unreachable since it was last reached (0: not probing). */
    private int probes;

    private final LinkClients clients;

    ChannelLink(
            SessionContext context,
            ReconnectScheduler scheduler,
            ReconnectStateKeeper keeper,
            ScheduledThreadPoolExecutor link) {
        this.context = context;
        this.scheduler = scheduler;
        this.keeper = keeper;
        this.status = context.status();
        this.channel = context.channel();
        this.link = link;
        this.clients = new LinkClients(channel);
    }

    /** The link thread of a channel; its timers are the sessions' timers too. */
    static ScheduledThreadPoolExecutor linkThread(String channel) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "daz-core-" + channel + "-link");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    void start() {
        onLink(this::begin);
    }

    /**
     * Leaves the session cleanly ({@link SocketIoSession#close}), interrupts what the link thread is doing and stops
     * the clients: a few milliseconds when the server answers, at most about three seconds when it does not.
     */
    void stop() {
        stopping = true;
        SocketIoSession session = current;
        if (session != null) {
            session.close();
        }
        link.shutdownNow();
        try {
            link.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            clients.stop();
        } catch (Exception e) {
            LOG.debug("Channel {}: stopping the HTTP client: {}", channel, e.toString());
        }
    }

    // ---- session reports (any thread): queued for the link thread ----

    @Override
    public void ready(SocketIoSession session) {
        // now, not at start: the way to the first login is the start's critical path, and it has its own classes
        ChatPathWarmup.startOnce();
        onLink(() -> {
            if (current == session) {
                scheduler.ready();
            }
        });
    }

    @Override
    public void lost(SocketIoSession session, String reason, Optional<String> kick, boolean wasReady) {
        onLink(() -> sessionLost(session, reason, kick, wasReady));
    }

    @Override
    public void configurationError(SocketIoSession session, String reason) {
        onLink(() -> {
            if (current == session) {
                configurationError(reason);
            }
        });
    }

    @Override
    public void rateLimited(SocketIoSession session) {
        onLink(() -> scheduler.rateLimited(session.host()));
    }

    // ---- link thread ----

    /** First thing on the link thread: the clients, the stored state (or none, if it is slow), the first step. */
    private void begin() {
        long begun = System.nanoTime();
        if (!startClients()) {
            return;
        }
        // the clients' start (class loading, TLS set-up: the longest part of a cold start) counts towards the wait
        Optional<ReconnectState> stored = keeper.load(STATE_READ_WAIT, begun, late -> onLink(() -> lateRestore(late)));
        ReconnectScheduler.Step step = scheduler.restore(stored.orElse(ReconnectState.NONE));
        if (step.phase() == Phase.COOLDOWN) {
            LOG.warn(
                    "Channel {}: in cooldown until {} after {} failed attempts (stored)",
                    channel,
                    step.retryAt().orElseThrow(),
                    scheduler.attempts());
        } else if (step.delayMillis() > 0) {
            LOG.info(
                    "Channel {}: {} failed attempts stored; next attempt in {} ms",
                    channel,
                    scheduler.attempts(),
                    step.delayMillis());
        }
        take(step);
    }

    private boolean startClients() {
        try {
            clients.start();
            return true;
        } catch (Exception e) {
            LOG.error("Channel {}: cannot start the HTTP/WebSocket client: {}", channel, e.toString());
            status.change(Phase.STOPPED, Optional.empty(), Optional.of("HTTP client failed to start: " + e));
            return false;
        }
    }

    private void lateRestore(ReconnectState stored) {
        if (stopping || status.phase().terminal()) {
            return;
        }
        boolean inChannel = status.phase() == Phase.READY;
        scheduler.lateRestore(stored, inChannel).ifPresent(step -> {
            LOG.warn(
                    "Channel {}: in cooldown until {} after {} failed attempts (stored, read late: the attempt under way"
                            + " is given up)",
                    channel,
                    step.retryAt().orElseThrow(),
                    scheduler.attempts());
            SocketIoSession session = current;
            current = null;
            if (session != null) {
                session.close();
            }
            take(step);
        });
    }

    /** Does what the scheduler said: attempt now, or show the wait and attempt when it is over. */
    private void take(ReconnectScheduler.Step step) {
        if (stopping || status.phase().terminal()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        if (step.delayMillis() == 0) {
            attempt();
            return;
        }
        if (probes > 0) {
            status.changeQuietly(step.phase(), step.retryAt(), step.reason());
        } else {
            status.change(step.phase(), step.retryAt(), step.reason());
        }
        Runnable then = step.endsCooldown() ? () -> take(scheduler.cooldownOver()) : this::attempt;
        try {
            next = link.schedule(() -> guarded(then), step.delayMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** One connection attempt: discovery, then a WebSocket to the first server that opens. */
    private void attempt() {
        if (stopping || status.phase().terminal()) {
            return;
        }
        if (probes == 0) {
            status.change(Phase.CONNECTING, Optional.empty(), Optional.empty());
        }
        List<ServerDiscovery.SocketServer> servers;
        try {
            servers = new ServerDiscovery(clients.http(), context.codec().mapper())
                    .find(context.settings().server(), channel);
        } catch (ServerDiscovery.DiscoveryException e) {
            if (e.configurationError()) {
                configurationError(e.getMessage());
            } else if (e.unreachable()) {
                unreachable(e.getMessage());
            } else {
                failed("discovery failed: " + e.getMessage());
            }
            return;
        } catch (InterruptedException e) {
            return;
        }
        if (probes > 0) {
            LOG.info("Channel {}: the server answers again (after {} probes)", channel, probes);
            probes = 0;
            status.change(Phase.CONNECTING, Optional.empty(), Optional.empty());
        }
        String lastError = "";
        boolean allUnreachable = true;
        for (ServerDiscovery.SocketServer server : servers) {
            Optional<ReconnectScheduler.Step> throttled = scheduler.throttled(server.host());
            if (throttled.isPresent()) {
                LOG.info(
                        "Channel {}: waiting {} ms for the per-IP connection limit of {}",
                        channel,
                        throttled.get().delayMillis(),
                        server.host());
                take(throttled.get());
                return;
            }
            scheduler.connecting(server.host());
            SocketIoSession candidate = new SocketIoSession(context, this, server.host());
            try {
                clients.connect(candidate, server.webSocketUri());
                current = candidate;
                LOG.info("Channel {}: WebSocket open to {}", channel, server.webSocketUri());
                return;
            } catch (InterruptedException e) {
                candidate.close();
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                lastError = server.webSocketUri() + ": " + cause;
                allUnreachable &= ServerAnswers.unreachable(cause);
            } catch (TimeoutException e) {
                lastError =
                        server.webSocketUri() + ": no answer within " + LinkClients.CONNECT_TIMEOUT.toSeconds() + " s";
            } catch (IOException e) {
                lastError = server.webSocketUri() + ": " + e;
                allUnreachable = false;
            }
            candidate.close();
            LOG.warn("Channel {}: cannot open a WebSocket to {}", channel, lastError);
        }
        if (allUnreachable) {
            unreachable("no socket server could be reached (" + lastError + ")");
        } else {
            failed("no socket server could be reached (" + lastError + ")");
        }
    }

    /**
     * The server did not answer at all: probe discovery again in about a second, without counting an attempt (the
     * per-address limit still holds for the WebSocket each probe that finds it up may open).
     */
    private void unreachable(String reason) {
        if (probes++ == 0) {
            LOG.warn(
                    "Channel {}: the server cannot be reached ({}); asking again about every {} ms",
                    channel,
                    reason,
                    CytubeConnection.PROBE_MILLIS);
        }
        take(scheduler.unreachable(reason, ThreadLocalRandom.current().nextDouble()));
    }

    private void sessionLost(SocketIoSession session, String reason, Optional<String> kick, boolean wasReady) {
        if (current != session) {
            return;
        }
        current = null;
        if (stopping || status.phase().terminal()) {
            return;
        }
        if (kick.isPresent() && !ServerAnswers.kickAllowsRetry(kick.get())) {
            LOG.error(
                    "Channel {}: not reconnecting after the kick ({}): restart or reconfigure the channel to rejoin",
                    channel,
                    kick.get());
            status.change(Phase.KICKED, Optional.empty(), kick);
            return;
        }
        if (kick.isPresent()) {
            scheduler.rateLimited(session.host());
        }
        if (wasReady) {
            LOG.warn("Channel {}: link lost: {}", channel, reason);
        }
        failed(kick.map(k -> "kicked: " + k).orElse(reason));
    }

    /** An attempt failed or a link was lost: back off, or cool down after too many failures in a row. */
    private void failed(String reason) {
        if (stopping || status.phase().terminal()) {
            return;
        }
        ReconnectScheduler.Step step = scheduler.failed(reason);
        if (step.phase() == Phase.COOLDOWN) {
            LOG.error(
                    "Channel {}: {} failed attempts in a row (last: {}); cooling down until {}",
                    channel,
                    scheduler.attempts(),
                    reason,
                    step.retryAt().orElseThrow());
        } else {
            LOG.warn(
                    "Channel {}: attempt {} failed: {}; next in {} ms",
                    channel,
                    scheduler.attempts(),
                    reason,
                    step.delayMillis());
        }
        take(step);
    }

    void configurationError(String reason) {
        LOG.error(
                "Channel {}: configuration error, not connecting until the configuration changes: {}", channel, reason);
        status.change(Phase.CONFIGURATION_ERROR, Optional.empty(), Optional.of(reason));
        SocketIoSession session = current;
        current = null;
        if (session != null) {
            session.close();
        }
    }

    private void onLink(Runnable task) {
        try {
            link.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Channel {}: unexpected failure on the link thread", channel, e);
        }
    }
}
