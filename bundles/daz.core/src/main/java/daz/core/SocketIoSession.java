package daz.core;

import daz.api.cytube.ChatMessage;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.Cooldown;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.ErrorMessage;
import daz.api.cytube.FloodLimit;
import daz.api.cytube.Kick;
import daz.api.cytube.LoginResult;
import daz.api.cytube.PrivateMessage;
import daz.api.cytube.UserRank;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Socket.IO session over one WebSocket: the Engine.IO handshake and pings, {@code 40}, {@code joinChannel}, the
 * login once the channel has loaded (its {@code userlist} came) or the login delay ran out, and every event published
 * on {@code cytube.event.<name>}. Chat that arrives before the join's {@code userlist} is marked replayed. The session
 * is ready once the login succeeded and the {@code userlist} arrived; it is then the writer's target. What ends it is
 * reported to its {@link SessionListener} once.
 *
 * <p>Threads: a frame is handled by the Jetty thread that read it (Jetty hands one WebSocket's messages over one at a
 * time: the endpoint reads no more until the frame is done), and a timer (ping watchdog, login) by the timer thread.
 * Both hold the session's own lock, which guards its state; nothing under it blocks on the network (writes are
 * queued by Jetty, a disconnect does not wait). Writes come from any thread and need no lock.
 *
 * <p>The file is longer than the house's 400 lines on purpose: it is one idea (one session's protocol, from the open
 * packet to the ready line), and its state and the lock that guards it are best read in one place.
 */
final class SocketIoSession implements LinkListener, OutboundWriter.Target {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoSession.class);
    private static final long READY_LINE_WAIT_MILLIS = 2000;
    /** How long a new socket may wait for the server's Engine.IO open packet. */
    private static final long OPEN_TIMEOUT_MILLIS = 15_000;

    private final SessionContext context;
    private final SessionListener listener;
    private final String channel;
    private final String host;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Wire wire;

    // guarded by lock
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
    /** The ready line waits for the bot's channel rank ({@code setUserRank} of its own name), or the fallback timer. */
    private boolean readyLinePending;

    private ScheduledFuture<?> readyLineTimer;
    private OptionalInt channelRank = OptionalInt.empty();
    private Optional<String> kickReason = Optional.empty();
    private boolean finished;
    /** Events that came after the session ended (the link stopping): not read, counted. */
    private int unreadEvents;

    /** A session with the socket server {@code host} (host:port, the unit of the per-address limit). */
    SocketIoSession(SessionContext context, SessionListener listener, String host) {
        this.context = context;
        this.listener = listener;
        this.channel = context.channel();
        this.host = host;
    }

    String host() {
        return host;
    }

    // -- Jetty threads --

    @Override
    public void opened(Wire opened) {
        this.wire = opened;
        // before any frame of this socket: the Engine.IO open packet re-arms it with the server's ping times
        locked(() -> armWatchdog(OPEN_TIMEOUT_MILLIS));
    }

    @Override
    public void text(String message, Runnable done) {
        lock.lock();
        try {
            if (!finished) {
                received(message);
            } else {
                unread(message);
            }
        } catch (RuntimeException e) {
            LOG.error("Channel {}: failure handling a frame", channel, e);
        } finally {
            lock.unlock();
            done.run();
        }
    }

    @Override
    public void skipped(String reason) {
        LOG.warn("Channel {}: skipped a frame from the server: {}", channel, reason);
    }

    @Override
    public void closed(int statusCode, String reason) {
        locked(() -> lost("socket closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")"));
    }

    // -- the link --

    /** Ends the session without reporting it (the link is stopping or gave up on the channel). */
    void close() {
        locked(this::finish);
    }

    // -- writing: any thread (the one that says a line, a write completion, the writer thread) --

    @Override
    public void write(String frame, Consumer<Boolean> done) {
        Wire w = wire;
        if (w == null) {
            done.accept(false);
            return;
        }
        w.send(frame, ok -> {
            if (!ok) {
                LOG.warn("Channel {}: write failed", channel);
            }
            done.accept(ok);
        });
    }

    @Override
    public void stalled(Duration waited) {
        LOG.warn("Channel {}: a write has not completed in {} s: dropping the link", channel, waited.toSeconds());
        Wire w = wire;
        if (w != null) {
            w.disconnect();
        }
    }

    @Override
    public FloodLimit limitFor(OutboundLine line) {
        return Outbox.limitFor(context.data(), line);
    }

    // -- under the lock --

    private void received(String message) {
        Packet packet;
        try {
            packet = context.codec().decode(message);
        } catch (MalformedFrameException e) {
            LOG.warn(
                    "Channel {}: skipped a malformed frame ({}): {}",
                    channel,
                    e.getMessage(),
                    ServerAnswers.excerpt(message));
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
            lost("the server closed the namespace");
        } else if (packet instanceof Packet.Close) {
            lost("the server closed the session");
        } else if (packet instanceof Packet.Event event) {
            event(event);
        }
        // pongs, noops and acks need nothing
    }

    /**
     * A frame that came after the session ended, while its socket was closing: an event is not read (the bot is
     * leaving); each is logged with its name and counted. A chat line comes back with the next join's replay; a PM
     * does not.
     */
    private void unread(String message) {
        try {
            if (context.codec().decode(message) instanceof Packet.Event event) {
                unreadEvents++;
                LOG.warn(
                        "Channel {}: a {} arrived as the link to the server closed; not read ({} so far)",
                        channel,
                        ServerAnswers.excerpt(event.name()),
                        unreadEvents);
            }
        } catch (MalformedFrameException e) {
            // neither read nor worth a line: the session is over
        }
    }

    /** Events that came after the session ended and were not read. */
    int unreadEvents() {
        lock.lock();
        try {
            return unreadEvents;
        } finally {
            lock.unlock();
        }
    }

    private void opened(Packet.Open open) {
        deadAfterMillis = open.pingInterval() + open.pingTimeout();
        Wire w = wire;
        if (w != null) {
            w.idleTimeout(Duration.ofMillis(deadAfterMillis + 10_000));
        }
        armWatchdog(deadAfterMillis);
        sendNow(FrameCodec.CONNECT);
    }

    private void namespaceOpened() {
        if (namespaceOpen) {
            return;
        }
        namespaceOpen = true;
        context.status().change(Phase.JOINING, Optional.empty(), Optional.empty());
        sendNow(context.codec().encodeEvent("joinChannel", Map.of("name", channel)));
        firstLoginPending = true;
        loginTimer = timer(this::login, context.settings().loginDelay().toMillis());
    }

    /**
     * The channel has loaded (its {@code userlist} arrived): the first login of this join goes out now instead of at
     * the end of the login delay, which is only the longest wait. A retry after a refused login keeps its own timer.
     */
    private void loginOnceLoaded() {
        if (!firstLoginPending) {
            return;
        }
        loginTimer.cancel(false);
        login();
    }

    private void login() {
        ChannelSettings settings = context.settings();
        firstLoginPending = false;
        loginSent = true;
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("name", settings.user());
        settings.password().ifPresent(pw -> login.put("pw", pw));
        LOG.info(
                "Channel {}: logging in as {} ({})",
                channel,
                settings.user(),
                settings.guest() ? "guest" : "registered");
        context.status().change(Phase.LOGGING_IN, Optional.empty(), Optional.empty());
        sendNow(context.codec().encodeEvent("login", login));
    }

    private void refused(String message) {
        LOG.warn("Channel {}: the server refused the connection: {}", channel, message);
        if (message.toLowerCase(Locale.ROOT).contains("rate limit")) {
            listener.rateLimited(this);
        }
        lost("connection refused: " + message);
    }

    private void event(Packet.Event event) {
        String name = event.name();
        Optional<Object> typed;
        try {
            typed = context.translator().translate(name, event.raw());
        } catch (MalformedFrameException e) {
            LOG.warn(
                    "Channel {}: skipped event {} with wrong content ({}): {}",
                    channel,
                    ServerAnswers.excerpt(name),
                    e.getMessage(),
                    ServerAnswers.excerpt(event.raw()));
            return;
        }
        boolean replayed = !userlistSeen && EventTranslator.CHAT_LIKE.contains(name);
        typed.ifPresent(context.data()::apply);
        typed.ifPresent(this::react);
        if (typed.isPresent() && typed.get() instanceof UserRank rank && isSelf(rank.name())) {
            channelRank = OptionalInt.of(rank.rank());
            readyLine();
        }
        if (!replayed && ready && typed.isPresent() && ownLine(typed.get())) {
            context.writer().echoed();
        }
        CytubeEvent payload = new CytubeEvent(channel, name, event.raw(), System.currentTimeMillis(), replayed, typed);
        try {
            context.bus().publish(CytubeEvent.TOPIC_PREFIX + ServerAnswers.topicSegment(name), payload);
        } catch (RuntimeException e) {
            LOG.warn("Channel {}: event {} not published: {}", channel, ServerAnswers.excerpt(name), e.getMessage());
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
            LOG.error("Channel {}: kicked by the server: {}", channel, kick.reason());
        } else if (typed instanceof Cooldown cooldown) {
            LOG.warn(
                    "Channel {}: the server dropped an outgoing line for flooding (cooldown {} ms); pacing slower",
                    channel,
                    cooldown.millis());
            context.writer().serverCooldown(cooldown.millis(), FloodLimit.PER_USER);
        } else if (typed instanceof ErrorMessage error) {
            LOG.warn("Channel {}: server error message: {}", channel, error.message());
        }
    }

    /** Whether a chat line or PM is the server's echo of one the bot sent. */
    private boolean ownLine(Object typed) {
        if (typed instanceof ChatMessage chat) {
            return isSelf(chat.username());
        }
        return typed instanceof PrivateMessage pm && isSelf(pm.username());
    }

    private boolean isSelf(String name) {
        return name.equalsIgnoreCase(
                context.data().botName().orElse(context.settings().user()));
    }

    private void loginResult(LoginResult login) {
        if (!loginSent || loggedIn) {
            return;
        }
        if (login.success()) {
            loggedIn = true;
            String name = login.name().orElse(context.settings().user());
            context.data().botName(name);
            LOG.info("Channel {}: logged in as {}{}", channel, name, login.guest() ? " (guest)" : "");
            checkReady();
            return;
        }
        String error = login.error().orElse("login failed");
        loginSent = false;
        if (ServerAnswers.permanentLoginError(error)) {
            finish();
            listener.configurationError(this, "login as " + context.settings().user() + " refused: " + error);
            return;
        }
        Optional<Long> guestDelay = ServerAnswers.guestDelaySeconds(error);
        long delay;
        if (guestDelay.isPresent()) {
            delay = TimeUnit.SECONDS.toMillis(guestDelay.get()) + 1000;
        } else if (error.startsWith("That name is already in use")) {
            delay = context.policy().delayAfter(++loginRetries).toMillis();
        } else {
            lost("login refused: " + error);
            return;
        }
        LOG.warn("Channel {}: login refused ({}); trying again in {} ms", channel, error, delay);
        context.status().change(Phase.LOGGING_IN, Optional.of(Instant.now().plusMillis(delay)), Optional.of(error));
        loginTimer = timer(this::login, delay);
    }

    private void checkReady() {
        if (ready || !loggedIn || !userlistSeen) {
            return;
        }
        ready = true;
        readyLinePending = true;
        if (channelRank.isPresent()) {
            readyLine();
        } else {
            // CyTube sends the channel rank after the login's answer; the first rank is the account's global one
            readyLineTimer = timer(this::readyLine, READY_LINE_WAIT_MILLIS);
        }
        listener.ready(this);
        context.status().change(Phase.READY, Optional.empty(), Optional.empty());
        context.writer().attach(this);
    }

    /** The ready line, with the bot's channel rank once CyTube has sent it (else the last rank it sent). */
    private void readyLine() {
        if (!readyLinePending) {
            return;
        }
        readyLinePending = false;
        if (readyLineTimer != null) {
            readyLineTimer.cancel(false);
        }
        ChannelData data = context.data();
        LOG.info(
                "Channel {}: ready as {} (rank {}, {} users)",
                channel,
                data.botName().orElse(context.settings().user()),
                channelRank.orElse(data.botRank()),
                data.users().size());
    }

    private void armWatchdog(long millis) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        watchdog = timer(
                () -> {
                    LOG.warn("Channel {}: no ping from the server for {} ms: the link is dead", channel, millis);
                    lost("no ping from the server for " + millis + " ms");
                },
                millis);
    }

    /** Runs {@code task} under the lock after {@code millis}, unless the session has ended by then. */
    private ScheduledFuture<?> timer(Runnable task, long millis) {
        try {
            return context.timers()
                    .schedule(
                            () -> locked(() -> {
                                if (!finished) {
                                    task.run();
                                }
                            }),
                            Math.max(0, millis),
                            TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null; // stopping: no timer runs any more
        }
    }

    private void locked(Runnable task) {
        lock.lock();
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Channel {}: unexpected failure in the session", channel, e);
        } finally {
            lock.unlock();
        }
    }

    /** Writes a control frame (pong, join, login) at once, beside the paced lines; a failure breaks the link. */
    private void sendNow(String frame) {
        write(frame, ok -> {
            if (!ok) {
                LOG.debug("Channel {}: a control frame could not be written", channel);
            }
        });
    }

    private void lost(String reason) {
        if (finished) {
            return;
        }
        finish();
        context.data().clear();
        listener.lost(this, reason, kickReason, ready);
    }

    private void finish() {
        finished = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
        context.writer().detach(this);
        Wire w = wire;
        if (w != null && w.isOpen()) {
            w.disconnect();
        }
    }
}
