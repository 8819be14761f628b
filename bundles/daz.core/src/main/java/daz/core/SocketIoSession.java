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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Socket.IO session over one WebSocket: the Engine.IO handshake and pings, {@code 40}, {@code joinChannel}, the
 * login once the channel has loaded (its {@code userlist} came) or the login delay ran out, and every event published
 * on {@code cytube.event.<name>}. Chat that arrives before the join's {@code userlist} is marked replayed. The session
 * is ready once the login succeeded and the {@code userlist} arrived; its {@link SessionOutput} is then the writer's
 * target. What ends it is reported to its {@link SessionListener} once; the link ending it leaves the socket cleanly.
 *
 * <p>Threads: a frame is handled by the Jetty thread that read it (Jetty hands one WebSocket's messages over one at a
 * time: the endpoint reads no more until the frame is done), and a timer (ping watchdog, login) by the timer thread.
 * Both hold the session's own lock, which guards its state and that of its {@link SessionLogin} and {@link ReadyLine};
 * nothing under it blocks on the network (writes are queued by Jetty, a disconnect does not wait). Writes come from any
 * thread and need no lock; {@link #close} waits for the clean leave outside the lock.
 */
final class SocketIoSession implements LinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoSession.class);
    /** How long a new socket may wait for the server's Engine.IO open packet. */
    private static final long OPEN_TIMEOUT_MILLIS = 15_000;

    private final SessionContext context;
    private final SessionListener listener;
    private final String channel;
    private final String host;
    private final ReentrantLock lock = new ReentrantLock();
    private final SessionLogin login;
    private final ReadyLine readyLine;
    private final SessionOutput output;

    // guarded by lock
    private ScheduledFuture<?> watchdog;
    private long deadAfterMillis;
    private boolean namespaceOpen;
    private boolean userlistSeen;
    private boolean ready;
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
        this.output = new SessionOutput(context);
        this.login = new SessionLogin(
                context, this::timer, output::sendNow, this::checkReady, this::loginRefused, this::lost);
        this.readyLine = new ReadyLine(context, this::timer);
    }

    String host() {
        return host;
    }

    // -- Jetty threads --

    @Override
    public void opened(Wire opened) {
        output.opened(opened);
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

    /**
     * Ends the session without reporting it (the link is stopping or gave up on the channel) and leaves the socket
     * cleanly ({@link SessionOutput#leave}); waits at most about two seconds.
     */
    void close() {
        locked(this::end);
        output.leave();
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
            output.sendNow(FrameCodec.pong(ping.data()));
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
     * leaving) but counted. A chat line comes back with the next join's replay (and most are the server's echoes of
     * the bot's own last lines): logged at DEBUG; any other event, a PM included, is logged with its name.
     */
    private void unread(String message) {
        try {
            if (context.codec().decode(message) instanceof Packet.Event event) {
                unreadEvents++;
                if (event.name().equals("chatMsg")) {
                    LOG.debug("Channel {}: a chat line arrived as the link to the server closed; not read", channel);
                    return;
                }
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
        output.idleTimeout(Duration.ofMillis(deadAfterMillis + 10_000));
        armWatchdog(deadAfterMillis);
        output.sendNow(FrameCodec.CONNECT);
    }

    private void namespaceOpened() {
        if (namespaceOpen) {
            return;
        }
        namespaceOpen = true;
        context.status().change(Phase.JOINING, Optional.empty(), Optional.empty());
        output.sendNow(context.codec().encodeEvent("joinChannel", Map.of("name", channel)));
        login.joined();
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
            readyLine.rank(rank.rank());
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
            login.channelLoaded();
            checkReady();
        }
    }

    private void react(Object typed) {
        if (typed instanceof LoginResult result) {
            login.result(result);
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

    private void checkReady() {
        if (ready || !login.loggedIn() || !userlistSeen) {
            return;
        }
        ready = true;
        readyLine.ready();
        listener.ready(this);
        context.status().change(Phase.READY, Optional.empty(), Optional.empty());
        context.writer().attach(output);
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

    /** The server refused the login in a way that retrying cannot fix. */
    private void loginRefused(String reason) {
        finish();
        listener.configurationError(this, reason);
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
        end();
        output.disconnect();
    }

    /** No more timers, reads or lines for this session. */
    private void end() {
        finished = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        login.cancel();
        context.writer().detach(output);
    }
}
