package daz.core;

import daz.api.cytube.ConnectionState.Phase;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * When a channel's link tries next, with no I/O of its own: the {@link ReconnectPolicy} (backoff with jitter, the
 * attempts before the cooldown), the shared per-address {@link ConnectionThrottle}, a clock, and the
 * {@link ReconnectState} it keeps, handed to its {@link Persistence} after every change. Each method answers with the
 * {@link Step} to take. Used by the link thread only; {@link #attempts()} may be read from anywhere.
 */
final class ReconnectScheduler {

    /** Where the state goes after each change (the database, later, on a thread of its own). */
    interface Persistence {
        void save(ReconnectState state);
    }

    /**
     * What to do next: connect after {@code delayMillis} (0: now), at {@code atMillis} (epoch ms; 0 for now), showing
     * {@code phase} and {@code reason} while waiting; {@code endsCooldown}: tell {@link #cooldownOver()} first.
     */
    record Step(long delayMillis, long atMillis, Phase phase, Optional<String> reason, boolean endsCooldown) {

        static Step now() {
            return new Step(0, 0, Phase.CONNECTING, Optional.empty(), false);
        }

        static Step until(long now, long at, Phase phase, String reason) {
            return new Step(Math.max(0, at - now), at, phase, Optional.of(reason), phase == Phase.COOLDOWN);
        }

        Optional<Instant> retryAt() {
            return atMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(atMillis));
        }
    }

    private final ReconnectPolicy policy;
    private final ConnectionThrottle throttle;
    private final LongSupplier clock;
    private final Persistence persistence;
    private final long probeMillis;
    private ReconnectState state = ReconnectState.NONE;
    private volatile int attempts;

    /**
     * @param probeMillis the interval of discovery probes while the server cannot be reached at all (jitter takes up
     *     to 40% off)
     */
    ReconnectScheduler(
            ReconnectPolicy policy,
            ConnectionThrottle throttle,
            LongSupplier clock,
            Persistence persistence,
            long probeMillis) {
        this.policy = policy;
        this.throttle = throttle;
        this.clock = clock;
        this.persistence = persistence;
        this.probeMillis = probeMillis;
    }

    /** Failed attempts in a row (those that reached the server). */
    int attempts() {
        return attempts;
    }

    ReconnectState state() {
        return state;
    }

    /** Starts from what was stored before a restart: its cooldown, its backoff, its connections. */
    Step restore(ReconnectState stored) {
        long now = clock.getAsLong();
        set(stored);
        if (!stored.recentConnects().isEmpty() && stored.lastServer().isPresent()) {
            throttle.seed(stored.lastServer().get(), stored.recentConnects());
        }
        if (stored.cooldownUntil() > now) {
            return Step.until(
                    now,
                    stored.cooldownUntil(),
                    Phase.COOLDOWN,
                    "cooldown after " + stored.attempts() + " failed attempts");
        }
        if (stored.cooldownUntil() > 0) {
            return cooldownOver();
        }
        if (stored.attempts() > 0) {
            long due = stored.lastAttemptAt()
                    + policy.delayAfter(stored.attempts()).toMillis();
            if (due > now) {
                return Step.until(now, due, Phase.WAITING, stored.attempts() + " failed attempts before the restart");
            }
        }
        return Step.now();
    }

    /** The cooldown is over: a new round of attempts, now. */
    Step cooldownOver() {
        set(state.withAttempts(0, state.lastAttemptAt()).withCooldownUntil(0));
        save();
        return Step.now();
    }

    /**
     * The server could not be reached at all (refused, unreachable, timed out, HTTP 5xx): probe again in about
     * {@code probeMillis}. Probes do not count as attempts.
     */
    Step unreachable(String reason, double random) {
        long delay = probeMillis - (long) (random * probeMillis * 0.4);
        long now = clock.getAsLong();
        return Step.until(now, now + delay, Phase.WAITING, "server unreachable: " + reason);
    }

    /** Asks the per-address limit for a new connection to {@code host}: empty if one may be opened now. */
    Optional<Step> throttled(String host) {
        long wait = throttle.acquire(host);
        long now = clock.getAsLong();
        return wait > 0
                ? Optional.of(Step.until(now, now + wait, Phase.WAITING, "per-IP connection limit of " + host))
                : Optional.empty();
    }

    /** A new socket.io connection to {@code host} is being opened. */
    void connecting(String host) {
        long now = clock.getAsLong();
        set(state.withConnect(host, now).withAttempts(state.attempts(), now));
        save();
    }

    /** The server refused a connection for its per-IP limit, or kicked the bot for too many: wait for a refill. */
    void rateLimited(String host) {
        throttle.exhausted(host);
    }

    /** In the channel: the failures are forgotten. */
    void ready() {
        set(state.withAttempts(0, state.lastAttemptAt()).withCooldownUntil(0));
        save();
    }

    /** An attempt that reached the server failed, or a link was lost: back off, or cool down after too many. */
    Step failed(String reason) {
        long now = clock.getAsLong();
        int failures = state.attempts() + 1;
        set(state.withAttempts(failures, now));
        if (policy.exhausted(failures)) {
            long until = now + policy.cooldown().toMillis();
            set(state.withCooldownUntil(until));
            save();
            return Step.until(now, until, Phase.COOLDOWN, reason);
        }
        save();
        return Step.until(now, now + policy.delayAfter(failures).toMillis(), Phase.WAITING, reason);
    }

    /**
     * The state stored before a restart arrived only after the link had started without it (the database was slow):
     * its cooldown still holds unless the link is in the channel already; its connections count either way. Empty
     * when nothing changes; the current state is stored again in both cases.
     */
    Optional<Step> lateRestore(ReconnectState stored, boolean inChannel) {
        long now = clock.getAsLong();
        if (!stored.recentConnects().isEmpty() && stored.lastServer().isPresent()) {
            throttle.seed(stored.lastServer().get(), stored.recentConnects());
        }
        if (!inChannel && stored.cooldownUntil() > now) {
            set(state.withAttempts(stored.attempts(), stored.lastAttemptAt())
                    .withCooldownUntil(stored.cooldownUntil()));
            save();
            return Optional.of(Step.until(
                    now,
                    stored.cooldownUntil(),
                    Phase.COOLDOWN,
                    "cooldown after " + stored.attempts() + " failed attempts"));
        }
        save();
        return Optional.empty();
    }

    private void set(ReconnectState next) {
        state = next;
        attempts = next.attempts();
    }

    private void save() {
        persistence.save(state);
    }
}
