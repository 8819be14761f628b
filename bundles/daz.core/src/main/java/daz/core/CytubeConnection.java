package daz.core;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.cytube.ChannelOptions;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.Cooldown;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.FloodLimit;
import daz.api.cytube.Kick;
import daz.api.cytube.LoginResult;
import daz.api.cytube.Media;
import daz.api.cytube.PlaylistEntry;
import daz.api.cytube.Rank;
import daz.api.cytube.SendReceipt;
import daz.api.cytube.User;
import daz.api.sql.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot in one CyTube channel: one instance per {@code daz.core.channel} configuration.
 *
 * <p>A link is: discovery ({@code /socketconfig/<channel>.json}), a WebSocket to the first server that answers
 * (never more new connections per host than CyTube's per-IP limit allows), the Engine.IO handshake, {@code 40},
 * {@code joinChannel}, then {@code login} once the channel has loaded (its {@code userlist} came) or the login delay
 * ran out, whichever is first. The link is ready once the login succeeded and the join's
 * {@code userlist} arrived; only then do queued lines go out. Every event received is published on
 * {@code cytube.event.<name>}; chat that arrives before the join's {@code userlist} is marked replayed (CyTube re-sends
 * its last 15 lines on every join). The server pings; a missing ping means a dead link.
 *
 * <p>A failed link is retried with exponential backoff and jitter; after too many failures in a row the channel
 * cools down. Attempts, cooldown end and recent connections are stored in {@code daz_core.reconnect_state}, so a
 * restart honours them. Configuration errors (unknown channel, wrong password, unknown user) and kicks (duplicate
 * login, ban) stop the retries until the configuration changes or the bundle restarts.
 *
 * <p>Link work runs on the channel's link thread ({@code daz-core-<channel>-link}), one task at a time under the link
 * lock; a frame that arrives while the link thread is idle is handled under that lock by the Jetty thread that read
 * it (one thread wake-up less per frame). A line that may go out at once is written by the thread that says it; the
 * writer thread ({@code daz-core-<channel>-writer}) waits out the pacer; state is stored on
 * {@code daz-core-<channel>-store}. The configuration's
 * password is used for the login frame only and never logged. The ChannelState service is registered by hand, not
 * by DS, so that the configuration (password included) does not become public service properties.
 */
@Component(
        configurationPid = ChannelConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {},
        immediate = true)
@Designate(ocd = ChannelConfiguration.class, factory = true)
public class CytubeConnection implements ChannelState {

    private static final Logger LOG = LoggerFactory.getLogger(CytubeConnection.class);

    /** Largest message accepted from the server: its maxPayload (1 MiB) and room for framing. */
    static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024 + 1024;

    private static final int QUEUE_CAPACITY = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(5);
    private static final Pattern GUEST_DELAY = Pattern.compile("per (\\d+) seconds");

    private final ChannelSettings settings;
    private final EventBus bus;
    private final ChannelRegistry registry;
    private final ConnectionThrottle throttle;
    private final FrameCodec codec = new FrameCodec();
    private final EventTranslator translator = new EventTranslator(codec);
    private final ChannelData data = new ChannelData();
    private final ReconnectPolicy policy;
    private final ReconnectStateStore store;
    private final CountDownLatch databaseSeen = new CountDownLatch(1);
    private final AtomicReference<ReconnectState> pendingSave = new AtomicReference<>();
    private volatile Database database;
    private volatile ConnectionState state;
    private volatile boolean stopping;
    private final boolean registered;

    private ScheduledThreadPoolExecutor link;
    /**
     * Held while link work runs: by the link thread around each of its tasks, and by a Jetty thread that handles a
     * frame itself because the link thread is idle (which saves waking it). Link state is touched under it only.
     */
    private final ReentrantLock linkLock = new ReentrantLock();

    private ScheduledThreadPoolExecutor storeThread;
    private final OutboundWriter writer;
    private HttpClient http;
    private WebSocketClient webSockets;
    private ServiceRegistration<ChannelState> registration;

    // link state: touched only under the link lock (on the link thread, or by a Jetty thread handling a frame)
    private ReconnectState retry = ReconnectState.NONE;
    private Link current;
    private ScheduledFuture<?> nextAttempt;
    private boolean loggedNoDatabase;

    @Activate
    public CytubeConnection(
            ChannelConfiguration config,
            @Reference EventBus bus,
            @Reference ChannelRegistry registry,
            @Reference ConnectionThrottle throttle,
            BundleContext context) {
        this.settings = ChannelSettings.from(config);
        this.bus = bus;
        this.registry = registry;
        this.throttle = throttle;
        this.policy = new ReconnectPolicy(
                Math.max(1, settings.reconnectAttempts()),
                settings.cooldown(),
                settings.backoffInitial(),
                settings.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.store = new ReconnectStateStore(() -> Optional.ofNullable(database), settings.server(), channel());
        this.state = new ConnectionState(
                channel(), Phase.CONNECTING, settings.user(), 0, Optional.empty(), Optional.empty(), Instant.now());
        long origin = System.nanoTime();
        this.writer = new OutboundWriter(
                channel(),
                codec,
                new OutboundPacer(0.15, 500),
                QUEUE_CAPACITY,
                () -> (System.nanoTime() - origin) / 1_000_000,
                WRITE_TIMEOUT);
        this.registered = settings.unconfigured() || registry.add(this);
        if (settings.unconfigured()) {
            // an unfilled example file: no link, no service; the setup advice says what to write
            changeState(Phase.UNCONFIGURED, Optional.empty(), Optional.of("no channel configured"));
            return;
        }
        registerState(context);
        if (!registered) {
            configurationError("channel " + channel() + " is configured twice; this configuration is ignored");
            return;
        }
        if (!settings.problems().isEmpty()) {
            configurationError(String.join("; ", settings.problems()));
            return;
        }
        start();
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDatabase")
    void bindDatabase(Database db) {
        this.database = db;
        databaseSeen.countDown();
    }

    void unbindDatabase(Database db) {
        if (this.database == db) {
            this.database = null;
        }
    }

    private void start() {
        String name = "daz-core-" + channel();
        link = new ScheduledThreadPoolExecutor(1, r -> thread(r, name + "-link")) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                linkLock.lock();
            }

            @Override
            protected void afterExecute(Runnable r, Throwable t) {
                linkLock.unlock();
            }
        };
        link.setRemoveOnCancelPolicy(true);
        storeThread = new ScheduledThreadPoolExecutor(1, r -> thread(r, name + "-store"));
        QueuedThreadPool io = new QueuedThreadPool(8, 1);
        io.setName(name + "-io");
        io.setDaemon(true);
        http = new HttpClient();
        http.setExecutor(io);
        http.setName(name + "-http");
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        try {
            http.start();
            // created once the HttpClient runs, the WebSocket client shares its threads and buffers (created before,
            // it would make a thread pool of its own)
            webSockets = new WebSocketClient(http);
            webSockets.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
            webSockets.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
            webSockets.setMaxFrameSize(MAX_MESSAGE_BYTES);
            webSockets.setIdleTimeout(Duration.ofMinutes(5));
            webSockets.setStopTimeout(2000);
            webSockets.start();
        } catch (Exception e) {
            LOG.error("Channel {}: cannot start the HTTP/WebSocket client: {}", channel(), e.toString());
            changeState(Phase.STOPPED, Optional.empty(), Optional.of("HTTP client failed to start: " + e));
            return;
        }
        writer.start(name + "-writer");
        LOG.info(
                "Channel {}: starting, server {}, user {} ({})",
                channel(),
                settings.server(),
                settings.user(),
                settings.guest() ? "guest" : "registered");
        onLink(this::begin);
    }

    @Deactivate
    void stop() {
        stopping = true;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        if (registered && !settings.unconfigured()) {
            registry.remove(this);
        }
        if (link == null) {
            return;
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        try {
            link.execute(() -> {
                if (current != null) {
                    current.close("stopping");
                    current = null;
                }
                changeState(Phase.STOPPED, Optional.empty(), Optional.of("stopped"));
                closed.complete(null);
            });
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Channel {}: link did not close in time: {}", channel(), e.toString());
        }
        List<OutboundLine> unsent = List.of();
        try {
            unsent = writer.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!unsent.isEmpty()) {
            LOG.warn("Channel {}: stopping with {} lines not sent", channel(), unsent.size());
        }
        link.shutdownNow();
        storeThread.shutdown();
        try {
            link.awaitTermination(5, TimeUnit.SECONDS);
            storeThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (webSockets != null) {
                webSockets.stop();
            }
            http.stop();
        } catch (Exception e) {
            LOG.debug("Channel {}: stopping the HTTP client: {}", channel(), e.toString());
        }
        LOG.info("Channel {}: stopped", channel());
    }

    // ---- ChannelState ----

    @Override
    public String channel() {
        return settings.channel();
    }

    @Override
    public ConnectionState connection() {
        return state;
    }

    @Override
    public Optional<String> botName() {
        return data.botName();
    }

    @Override
    public int botRank() {
        return data.botRank();
    }

    @Override
    public List<User> users() {
        return data.users();
    }

    @Override
    public Optional<User> user(String name) {
        return data.user(name);
    }

    @Override
    public Optional<Media> currentMedia() {
        return data.media();
    }

    @Override
    public List<PlaylistEntry> playlist() {
        return data.playlist();
    }

    EventBus bus() {
        return bus;
    }

    ChannelSettings settings() {
        return settings;
    }

    /** Lines waiting to go out. */
    int queued() {
        return writer.queued();
    }

    // ---- outbound ----

    /** Queues a chat line ({@code to} empty) or PM from a bus event; replies to the event once written if asked. */
    void send(Event event, Optional<String> to, String text) {
        if (state.phase().terminal()) {
            refuse(
                    event,
                    "channel " + channel() + " is not connected ("
                            + state.phase().topicSegment() + ")");
            return;
        }
        int limit = data.options()
                .flatMap(o -> o.chatMaxLength().isPresent()
                        ? Optional.of(o.chatMaxLength().getAsInt())
                        : Optional.empty())
                .map(l -> Math.min(l, ChannelSettings.MAX_CHAT_LENGTH))
                .orElse(settings.chatMaxLength());
        List<String> lines = LineSplitter.split(text, Math.max(10, limit));
        if (lines.isEmpty()) {
            if (event.isRequest()) {
                bus.reply(event, new SendReceipt(channel(), 0));
            }
            return;
        }
        OutboundLine.Delivery delivery = new OutboundLine.Delivery(lines.size(), () -> {
            if (event.isRequest()) {
                bus.reply(event, new SendReceipt(channel(), lines.size()));
            }
        });
        List<OutboundLine> queued = new ArrayList<>(lines.size());
        for (String line : lines) {
            queued.add(new OutboundLine(to, line, delivery));
        }
        if (!writer.offer(queued)) {
            refuse(event, "the outgoing queue of channel " + channel() + " is full (" + QUEUE_CAPACITY + " lines)");
        }
    }

    private void refuse(Event event, String why) {
        LOG.error("Channel {}: refused a message from {} on {}: {}", channel(), event.source(), event.topic(), why);
        if (event.isRequest()) {
            bus.fail(event, why);
        }
    }

    // ---- the link thread ----

    private void onLink(Runnable task) {
        try {
            link.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Channel {}: unexpected failure on the link thread", channel(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
        }
        try {
            nextAttempt = link.schedule(
                    () -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            LOG.error("Channel {}: unexpected failure on the link thread", channel(), e);
                        }
                    },
                    Math.max(0, delayMillis),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** First thing on the link thread: restore the stored state, then attempt now or when it is due. */
    private void begin() {
        try {
            if (database == null && !databaseSeen.await(DATABASE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Channel {}: no database service: reconnect state (attempts, cooldown) is kept in memory only",
                        channel());
                loggedNoDatabase = true;
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            retry = store.load();
        } catch (RuntimeException e) {
            LOG.warn("Channel {}: cannot read the stored reconnect state: {}", channel(), e.getMessage());
        }
        long now = System.currentTimeMillis();
        if (!retry.recentConnects().isEmpty() && retry.lastServer().isPresent()) {
            throttle.seed(retry.lastServer().get(), retry.recentConnects());
        }
        if (retry.cooldownUntil() > now) {
            LOG.warn(
                    "Channel {}: in cooldown until {} after {} failed attempts (stored)",
                    channel(),
                    Instant.ofEpochMilli(retry.cooldownUntil()),
                    retry.attempts());
            changeState(
                    Phase.COOLDOWN,
                    Optional.of(Instant.ofEpochMilli(retry.cooldownUntil())),
                    Optional.of("cooldown after " + retry.attempts() + " failed attempts"));
            schedule(this::afterCooldown, retry.cooldownUntil() - now);
        } else if (retry.cooldownUntil() > 0) {
            afterCooldown();
        } else if (retry.attempts() > 0) {
            long due =
                    retry.lastAttemptAt() + policy.delayAfter(retry.attempts()).toMillis();
            if (due > now) {
                LOG.info(
                        "Channel {}: {} failed attempts stored; next attempt at {}",
                        channel(),
                        retry.attempts(),
                        Instant.ofEpochMilli(due));
                changeState(
                        Phase.WAITING,
                        Optional.of(Instant.ofEpochMilli(due)),
                        Optional.of(retry.attempts() + " failed attempts before the restart"));
                schedule(this::attempt, due - now);
            } else {
                attempt();
            }
        } else {
            attempt();
        }
    }

    private void afterCooldown() {
        retry = retry.withAttempts(0, retry.lastAttemptAt()).withCooldownUntil(0);
        save();
        attempt();
    }

    /** One connection attempt: discovery, then a WebSocket to the first server that opens. */
    private void attempt() {
        if (stopping || state.phase().terminal()) {
            return;
        }
        changeState(Phase.CONNECTING, Optional.empty(), Optional.empty());
        List<ServerDiscovery.SocketServer> servers;
        try {
            servers = new ServerDiscovery(http, codec.mapper()).find(settings.server(), channel());
        } catch (ServerDiscovery.DiscoveryException e) {
            if (e.configurationError()) {
                configurationError(e.getMessage());
            } else {
                failed("discovery failed: " + e.getMessage());
            }
            return;
        } catch (InterruptedException e) {
            return;
        }
        String lastError = "";
        for (ServerDiscovery.SocketServer server : servers) {
            long wait = throttle.acquire(server.host());
            if (wait > 0) {
                LOG.info(
                        "Channel {}: waiting {} ms for the per-IP connection limit of {}",
                        channel(),
                        wait,
                        server.host());
                changeState(
                        Phase.WAITING,
                        Optional.of(Instant.now().plusMillis(wait)),
                        Optional.of("per-IP connection limit of " + server.host()));
                schedule(this::attempt, wait);
                return;
            }
            long now = System.currentTimeMillis();
            retry = retry.withConnect(server.host(), now).withAttempts(retry.attempts(), now);
            save();
            Link candidate = new Link(server);
            try {
                Session session = webSockets
                        .connect(new WebSocketEndpoint(candidate, MAX_MESSAGE_BYTES), server.webSocketUri())
                        .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                candidate.session = session;
                current = candidate;
                candidate.armWatchdog(CONNECT_TIMEOUT.toMillis());
                LOG.info("Channel {}: WebSocket open to {}", channel(), server.webSocketUri());
                return;
            } catch (InterruptedException e) {
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                lastError = server.webSocketUri() + ": " + (e.getCause() == null ? e : e.getCause());
            } catch (TimeoutException | java.io.IOException e) {
                lastError = server.webSocketUri() + ": " + e;
            }
            LOG.warn("Channel {}: cannot open a WebSocket to {}", channel(), lastError);
        }
        failed("no socket server could be reached (" + lastError + ")");
    }

    /** An attempt failed or a link was lost: back off, or cool down after too many failures in a row. */
    private void failed(String reason) {
        if (stopping || state.phase().terminal()) {
            return;
        }
        long now = System.currentTimeMillis();
        int attempts = retry.attempts() + 1;
        retry = retry.withAttempts(attempts, now);
        if (policy.exhausted(attempts)) {
            long until = now + policy.cooldown().toMillis();
            retry = retry.withCooldownUntil(until);
            save();
            LOG.error(
                    "Channel {}: {} failed attempts in a row (last: {}); cooling down until {}",
                    channel(),
                    attempts,
                    reason,
                    Instant.ofEpochMilli(until));
            changeState(Phase.COOLDOWN, Optional.of(Instant.ofEpochMilli(until)), Optional.of(reason));
            schedule(this::afterCooldown, until - now);
            return;
        }
        save();
        long delay = policy.delayAfter(attempts).toMillis();
        LOG.warn("Channel {}: attempt {} failed: {}; next in {} ms", channel(), attempts, reason, delay);
        changeState(Phase.WAITING, Optional.of(Instant.ofEpochMilli(now + delay)), Optional.of(reason));
        schedule(this::attempt, delay);
    }

    private void configurationError(String reason) {
        LOG.error(
                "Channel {}: configuration error, not connecting until the configuration changes: {}",
                channel(),
                reason);
        changeState(Phase.CONFIGURATION_ERROR, Optional.empty(), Optional.of(reason));
        if (current != null) {
            current.close("configuration error");
            current = null;
        }
    }

    private void changeState(Phase phase, Optional<Instant> retryAt, Optional<String> reason) {
        ConnectionState next = new ConnectionState(
                channel(), phase, settings.user(), retry.attempts(), retryAt, reason, Instant.now());
        ConnectionState previous = state;
        state = next;
        if (previous.phase() == phase && previous.reason().equals(reason) && phase != Phase.WAITING) {
            return;
        }
        try {
            bus.publish(next.topic(), next);
        } catch (RuntimeException e) {
            LOG.debug("Channel {}: connection state not published: {}", channel(), e.toString());
        }
    }

    /** Stores the latest reconnect state on the store thread; writes that pile up are merged into the last. */
    private void save() {
        ReconnectState snapshot = retry;
        if (pendingSave.getAndSet(snapshot) != null) {
            return;
        }
        try {
            storeThread.execute(() -> {
                ReconnectState latest = pendingSave.getAndSet(null);
                if (latest == null) {
                    return;
                }
                try {
                    store.save(latest);
                } catch (RuntimeException e) {
                    LOG.warn("Channel {}: cannot store the reconnect state: {}", channel(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
        if (!loggedNoDatabase && !store.available()) {
            loggedNoDatabase = true;
            LOG.warn("Channel {}: no database service: reconnect state is kept in memory only", channel());
        }
    }

    private void registerState(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ChannelState.CHANNEL, channel());
        properties.put("service.description", "CyTube channel " + channel());
        registration = context.registerService(ChannelState.class, this, properties);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** What a kick reason means: retry (the per-IP limit) or stop (everything else is not to be fought). */
    static boolean kickAllowsRetry(String reason) {
        return reason.startsWith("Too many connections");
    }

    /** Login errors that retrying cannot fix. */
    static boolean permanentLoginError(String error) {
        return error.startsWith("Invalid username/password")
                || error.startsWith("User does not exist")
                || error.startsWith("That username is registered")
                || error.startsWith("Invalid username");
    }

    /** Seconds to wait before another guest login, from the server's error, if it is the guest delay. */
    static Optional<Long> guestDelaySeconds(String error) {
        if (!error.startsWith("Guest logins are restricted")) {
            return Optional.empty();
        }
        Matcher m = GUEST_DELAY.matcher(error);
        return Optional.of(m.find() ? Long.parseLong(m.group(1)) : 60L);
    }

    /** The topic segment of an event name: characters a segment cannot hold become {@code _}. */
    static String topicSegment(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '*' || c == '>' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(name);
                }
                out.setCharAt(i, '_');
            }
        }
        return out == null ? name : out.toString();
    }

    /**
     * One WebSocket to the server and what happened on it. A frame is handled by Jetty's thread when the link lock is
     * free, otherwise on the link thread; other callbacks are moved to the link thread. A link that is no longer
     * {@link #current} is ignored.
     */
    final class Link implements LinkListener, OutboundWriter.Target {

        private final ServerDiscovery.SocketServer server;
        volatile Session session;
        private ScheduledFuture<?> watchdog;
        private ScheduledFuture<?> loginTimer;
        private long deadAfterMillis;
        private boolean namespaceOpen;
        private boolean loginSent;
        /** The join's first login waits for the login delay or the channel's {@code userlist}, whichever is first. */
        private boolean firstLoginPending;

        private boolean loggedIn;
        private boolean userlistSeen;
        private boolean ready;
        private int loginRetries;
        private Optional<String> kickReason = Optional.empty();
        private boolean closed;

        Link(ServerDiscovery.SocketServer server) {
            this.server = server;
        }

        // -- Jetty threads --

        @Override
        public void opened(Session s) {
            this.session = s;
        }

        @Override
        public void text(String message, Runnable done) {
            if (linkLock.tryLock()) {
                // no link work running: handle the frame on this thread rather than wake the link thread for it
                try {
                    frame(message);
                } finally {
                    linkLock.unlock();
                    done.run();
                }
                return;
            }
            try {
                link.execute(() -> {
                    try {
                        frame(message);
                    } finally {
                        done.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                done.run();
            }
        }

        /** Under the link lock: one frame from the server, unless this link has been replaced. */
        private void frame(String message) {
            try {
                if (current == this) {
                    received(message);
                }
            } catch (RuntimeException e) {
                LOG.error("Channel {}: failure handling a frame", channel(), e);
            }
        }

        @Override
        public void skipped(String reason) {
            LOG.warn("Channel {}: skipped a frame from the server: {}", channel(), reason);
        }

        @Override
        public void closed(int statusCode, String reason) {
            onLink(() -> lost("socket closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")"));
        }

        // -- writing: any thread (the one that says a line, a write completion, the writer thread) --

        @Override
        public void write(String frame, Consumer<Boolean> done) {
            Session s = session;
            if (s == null || !s.isOpen()) {
                done.accept(false);
                return;
            }
            s.sendText(frame, org.eclipse.jetty.websocket.api.Callback.from(() -> done.accept(true), failure -> {
                LOG.warn("Channel {}: write failed: {}", channel(), failure.toString());
                s.disconnect();
                done.accept(false);
            }));
        }

        @Override
        public void stalled(Duration waited) {
            LOG.warn("Channel {}: a write has not completed in {} s: dropping the link", channel(), waited.toSeconds());
            Session s = session;
            if (s != null) {
                s.disconnect();
            }
        }

        @Override
        public FloodLimit limitFor(OutboundLine line) {
            Optional<ChannelOptions> options = data.options();
            boolean antiflood = options.map(ChannelOptions::chatAntiflood).orElse(true);
            if (line.privateMessage() || !antiflood || data.botRank() >= Rank.MODERATOR) {
                return FloodLimit.PER_USER;
            }
            FloodLimit strict = options.map(ChannelOptions::antiflood).orElse(FloodLimit.ANTIFLOOD_DEFAULT);
            return strict.burst() <= FloodLimit.PER_USER.burst()
                            && strict.sustained() <= FloodLimit.PER_USER.sustained()
                    ? strict
                    : FloodLimit.PER_USER;
        }

        // -- under the link lock (the link thread, or a Jetty thread handling a frame) --

        private void received(String message) {
            Packet packet;
            try {
                packet = codec.decode(message);
            } catch (MalformedFrameException e) {
                LOG.warn("Channel {}: skipped a malformed frame ({}): {}", channel(), e.getMessage(), excerpt(message));
                return;
            }
            if (packet instanceof Packet.Open open) {
                opened(open);
            } else if (packet instanceof Packet.Ping ping) {
                sendNow(FrameCodec.pong(ping.data()));
                armWatchdog(deadAfterMillis);
            } else if (packet instanceof Packet.Connect) {
                namespaceOpened();
            } else if (packet instanceof Packet.ConnectError error) {
                refused(error.message());
            } else if (packet instanceof Packet.Disconnect) {
                close("the server closed the namespace");
            } else if (packet instanceof Packet.Close) {
                close("the server closed the session");
            } else if (packet instanceof Packet.Event event) {
                event(event);
            }
            // pongs, noops and acks need nothing
        }

        private void opened(Packet.Open open) {
            deadAfterMillis = open.pingInterval() + open.pingTimeout();
            Session s = session;
            if (s != null) {
                s.setIdleTimeout(Duration.ofMillis(deadAfterMillis + 10_000));
            }
            armWatchdog(deadAfterMillis);
            sendNow(FrameCodec.CONNECT);
        }

        private void namespaceOpened() {
            if (namespaceOpen) {
                return;
            }
            namespaceOpen = true;
            changeState(Phase.JOINING, Optional.empty(), Optional.empty());
            sendNow(codec.encodeEvent("joinChannel", Map.of("name", channel())));
            firstLoginPending = true;
            loginTimer = link.schedule(
                    () -> onLinkIfCurrent(this::login), settings.loginDelay().toMillis(), TimeUnit.MILLISECONDS);
        }

        /**
         * The channel has loaded (its {@code userlist} arrived): the first login of this join goes out now instead of
         * at the end of the login delay, which is only the longest wait. A retry after a refused login keeps its own
         * timer.
         */
        private void loginOnceLoaded() {
            if (!firstLoginPending) {
                return;
            }
            loginTimer.cancel(false);
            login();
        }

        private void login() {
            firstLoginPending = false;
            loginSent = true;
            Map<String, Object> login = new LinkedHashMap<>();
            login.put("name", settings.user());
            settings.password().ifPresent(pw -> login.put("pw", pw));
            LOG.info(
                    "Channel {}: logging in as {} ({})",
                    channel(),
                    settings.user(),
                    settings.guest() ? "guest" : "registered");
            changeState(Phase.LOGGING_IN, Optional.empty(), Optional.empty());
            sendNow(codec.encodeEvent("login", login));
        }

        private void refused(String message) {
            LOG.warn("Channel {}: the server refused the connection: {}", channel(), message);
            if (message.toLowerCase(java.util.Locale.ROOT).contains("rate limit")) {
                throttle.exhausted(server.host());
            }
            drop("connection refused: " + message);
        }

        private void event(Packet.Event event) {
            String name = event.name();
            Optional<Object> typed;
            try {
                typed = translator.translate(name, event.raw());
            } catch (MalformedFrameException e) {
                LOG.warn(
                        "Channel {}: skipped event {} with wrong content ({}): {}",
                        channel(),
                        excerpt(name),
                        e.getMessage(),
                        excerpt(event.raw()));
                return;
            }
            boolean replayed = !userlistSeen && EventTranslator.CHAT_LIKE.contains(name);
            typed.ifPresent(data::apply);
            typed.ifPresent(this::react);
            if (!replayed && ready && typed.isPresent() && ownLine(typed.get())) {
                writer.echoed();
            }
            CytubeEvent payload =
                    new CytubeEvent(channel(), name, event.raw(), System.currentTimeMillis(), replayed, typed);
            try {
                bus.publish(CytubeEvent.TOPIC_PREFIX + topicSegment(name), payload);
            } catch (RuntimeException e) {
                LOG.warn("Channel {}: event {} not published: {}", channel(), excerpt(name), e.getMessage());
            }
            if (name.equals("userlist")) {
                userlistSeen = true;
                loginOnceLoaded();
                checkReady();
            }
        }

        private void react(Object typed) {
            if (typed instanceof LoginResult login) {
                loginResult(login);
            } else if (typed instanceof Kick kick) {
                kickReason = Optional.of(kick.reason());
                LOG.error("Channel {}: kicked by the server: {}", channel(), kick.reason());
            } else if (typed instanceof Cooldown cooldown) {
                LOG.warn(
                        "Channel {}: the server dropped an outgoing line for flooding (cooldown {} ms); pacing slower",
                        channel(),
                        cooldown.millis());
                writer.serverCooldown(cooldown.millis(), FloodLimit.PER_USER);
            } else if (typed instanceof daz.api.cytube.ErrorMessage error) {
                LOG.warn("Channel {}: server error message: {}", channel(), error.message());
            }
        }

        /** Whether a chat line or PM is the server's echo of one the bot sent. */
        private boolean ownLine(Object typed) {
            String self = data.botName().orElse(settings.user());
            if (typed instanceof daz.api.cytube.ChatMessage chat) {
                return chat.username().equalsIgnoreCase(self);
            }
            return typed instanceof daz.api.cytube.PrivateMessage pm
                    && pm.username().equalsIgnoreCase(self);
        }

        private void loginResult(LoginResult login) {
            if (!loginSent || loggedIn) {
                return;
            }
            if (login.success()) {
                loggedIn = true;
                String name = login.name().orElse(settings.user());
                data.botName(name);
                LOG.info("Channel {}: logged in as {}{}", channel(), name, login.guest() ? " (guest)" : "");
                checkReady();
                return;
            }
            String error = login.error().orElse("login failed");
            loginSent = false;
            if (permanentLoginError(error)) {
                configurationError("login as " + settings.user() + " refused: " + error);
                return;
            }
            Optional<Long> guestDelay = guestDelaySeconds(error);
            long delay;
            if (guestDelay.isPresent()) {
                delay = TimeUnit.SECONDS.toMillis(guestDelay.get()) + 1000;
            } else if (error.startsWith("That name is already in use")) {
                delay = policy.delayAfter(++loginRetries).toMillis();
            } else {
                drop("login refused: " + error);
                return;
            }
            LOG.warn("Channel {}: login refused ({}); trying again in {} ms", channel(), error, delay);
            changeState(Phase.LOGGING_IN, Optional.of(Instant.now().plusMillis(delay)), Optional.of(error));
            loginTimer = link.schedule(() -> onLinkIfCurrent(this::login), delay, TimeUnit.MILLISECONDS);
        }

        private void checkReady() {
            if (ready || !loggedIn || !userlistSeen) {
                return;
            }
            ready = true;
            retry = retry.withAttempts(0, retry.lastAttemptAt()).withCooldownUntil(0);
            save();
            LOG.info(
                    "Channel {}: ready as {} (rank {}, {} users)",
                    channel(),
                    data.botName().orElse(settings.user()),
                    data.botRank(),
                    data.users().size());
            changeState(Phase.READY, Optional.empty(), Optional.empty());
            writer.attach(this);
        }

        private void onLinkIfCurrent(Runnable task) {
            if (current == this && !closed) {
                task.run();
            }
        }

        void armWatchdog(long millis) {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            watchdog = link.schedule(
                    () -> onLinkIfCurrent(() -> {
                        LOG.warn("Channel {}: no ping from the server for {} ms: the link is dead", channel(), millis);
                        drop("no ping from the server for " + millis + " ms");
                    }),
                    millis,
                    TimeUnit.MILLISECONDS);
        }

        /** Writes a control frame (pong, join, login) at once, beside the paced lines; a failure breaks the link. */
        private void sendNow(String frame) {
            write(frame, ok -> {
                if (!ok) {
                    LOG.debug("Channel {}: a control frame could not be written", channel());
                }
            });
        }

        /** Closes this link and handles the loss at once (without waiting for the close callback). */
        private void drop(String reason) {
            close(reason);
            lost(reason);
        }

        void close(String reason) {
            closed = true;
            cancelTimers();
            writer.detach(this);
            Session s = session;
            if (s != null && s.isOpen()) {
                s.disconnect();
            }
        }

        private void cancelTimers() {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (loginTimer != null) {
                loginTimer.cancel(false);
            }
        }

        /** The link is gone: decide what comes next. */
        private void lost(String reason) {
            if (current != this) {
                return;
            }
            current = null;
            closed = true;
            cancelTimers();
            writer.detach(this);
            data.clear();
            if (stopping || state.phase().terminal()) {
                return;
            }
            if (kickReason.isPresent() && !kickAllowsRetry(kickReason.get())) {
                LOG.error(
                        "Channel {}: not reconnecting after the kick ({}): restart or reconfigure the channel to rejoin",
                        channel(),
                        kickReason.get());
                changeState(Phase.KICKED, Optional.empty(), kickReason);
                return;
            }
            if (kickReason.isPresent()) {
                throttle.exhausted(server.host());
            }
            if (ready) {
                LOG.warn("Channel {}: link lost: {}", channel(), reason);
            }
            failed(kickReason.map(k -> "kicked: " + k).orElse(reason));
        }
    }

    private static String excerpt(String text) {
        String oneLine = text.length() > 120 ? text.substring(0, 120) + "... (" + text.length() + " chars)" : text;
        StringBuilder out = new StringBuilder(oneLine.length());
        oneLine.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
