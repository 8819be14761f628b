package daz.core;

import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.LoginResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login of one {@link SocketIoSession}: the join's first login goes out once the channel has loaded (its {@code
 * userlist} came) or the login delay ran out, whichever is first; a refused login is tried again after the server's
 * guest delay or the reconnect policy's delay for a name in use, or ends the session.
 *
 * <p>Threads: every call is made under the session's lock (a frame or one of the session's timers), which guards this
 * state too.
 */
final class SessionLogin {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLogin.class);

    private final SessionContext context;
    private final String channel;
    private final SessionTimer timer;
    private final Consumer<String> send;
    private final Runnable accepted;
    private final Consumer<String> refusedForGood;
    private final Consumer<String> lost;

    // guarded by the session's lock
    private ScheduledFuture<?> loginTimer;
    private boolean sent;
    /** The join's first login waits for the login delay or the channel's {@code userlist}, whichever is first. */
    private boolean firstPending;

    private boolean loggedIn;
    private int retries;

    /**
     * The login for {@code context}'s channel, sending its frames with {@code send} (at once, beside the paced lines).
     * The server's answer goes to the session: {@code loggedIn} once it accepted the login, {@code refusedForGood} with
     * the reason when retrying cannot fix its refusal, {@code lost} with the reason when this session cannot retry it.
     */
    SessionLogin(
            SessionContext context,
            SessionTimer timer,
            Consumer<String> send,
            Runnable loggedIn,
            Consumer<String> refusedForGood,
            Consumer<String> lost) {
        this.context = context;
        this.channel = context.channel();
        this.timer = timer;
        this.send = send;
        this.accepted = loggedIn;
        this.refusedForGood = refusedForGood;
        this.lost = lost;
    }

    /** The join went out: the first login waits for the channel's load, at most the login delay. */
    void joined() {
        firstPending = true;
        loginTimer = timer.schedule(this::login, context.settings().loginDelay().toMillis());
    }

    /**
     * The channel has loaded (its {@code userlist} arrived): the first login of this join goes out now instead of at
     * the end of the login delay, which is only the longest wait. A retry after a refused login keeps its own timer.
     */
    void channelLoaded() {
        if (!firstPending) {
            return;
        }
        cancel();
        login();
    }

    boolean loggedIn() {
        return loggedIn;
    }

    /** The server's answer to a login; one that comes before a login was sent, or after it succeeded, is ignored. */
    void result(LoginResult login) {
        if (!sent || loggedIn) {
            return;
        }
        if (login.success()) {
            loggedIn = true;
            String name = login.name().orElse(context.settings().user());
            context.data().botName(name);
            LOG.info("Channel {}: logged in as {}{}", channel, name, login.guest() ? " (guest)" : "");
            accepted.run();
            return;
        }
        String error = login.error().orElse("login failed");
        sent = false;
        if (ServerAnswers.permanentLoginError(error)) {
            refusedForGood.accept("login as " + context.settings().user() + " refused: " + error);
            return;
        }
        Optional<Long> guestDelay = ServerAnswers.guestDelaySeconds(error);
        long delay;
        if (guestDelay.isPresent()) {
            delay = TimeUnit.SECONDS.toMillis(guestDelay.get()) + 1000;
        } else if (error.startsWith("That name is already in use")) {
            delay = context.policy().delayAfter(++retries).toMillis();
        } else {
            lost.accept("login refused: " + error);
            return;
        }
        LOG.warn("Channel {}: login refused ({}); trying again in {} ms", channel, error, delay);
        context.status().change(Phase.LOGGING_IN, Optional.of(Instant.now().plusMillis(delay)), Optional.of(error));
        loginTimer = timer.schedule(this::login, delay);
    }

    /** Cancels the login timer: the session ended, or the first login goes out before it (none when it is stopping). */
    void cancel() {
        if (loginTimer != null) {
            loginTimer.cancel(false);
        }
    }

    private void login() {
        ChannelSettings settings = context.settings();
        firstPending = false;
        sent = true;
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("name", settings.user());
        settings.password().ifPresent(pw -> login.put("pw", pw));
        LOG.info(
                "Channel {}: logging in as {} ({})",
                channel,
                settings.user(),
                settings.guest() ? "guest" : "registered");
        context.status().change(Phase.LOGGING_IN, Optional.empty(), Optional.empty());
        send.accept(context.codec().encodeEvent("login", login));
    }
}
