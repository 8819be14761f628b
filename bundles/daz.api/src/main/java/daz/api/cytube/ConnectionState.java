package daz.api.cytube;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the bot's link to one channel stands. Every change is published on {@code daz.connection.<phase>} (e.g.
 * {@code daz.connection.ready}) with this record as the payload, and {@link ChannelState#connection()} tells the
 * current one.
 *
 * @param channel the channel
 * @param phase what the link is doing
 * @param user the configured user name (empty for a guest whose name is not known yet)
 * @param attempts failed connection attempts since the link was last ready (reset by a successful join and login)
 * @param retryAt when the next attempt is due ({@link Phase#WAITING}) or the cooldown ends ({@link Phase#COOLDOWN})
 * @param reason why the link is in this phase, for people (an error, a kick reason); never a password
 * @param since when this phase began
 */
public record ConnectionState(
        String channel,
        Phase phase,
        String user,
        int attempts,
        Optional<Instant> retryAt,
        Optional<String> reason,
        Instant since) {

    /** Prefix of the topics connection states are published on; the phase's {@link Phase#topicSegment()} follows. */
    public static final String TOPIC_PREFIX = "daz.connection.";

    /** Checks the fields. */
    public ConnectionState {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(retryAt, "retryAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    /** The topic this state is published on, e.g. {@code daz.connection.ready}. */
    public String topic() {
        return TOPIC_PREFIX + phase.topicSegment();
    }

    /** What a channel's link is doing. */
    public enum Phase {
        /** The configuration names no channel (e.g. the shipped example file): nothing is done. */
        UNCONFIGURED,
        /** Finding the server and opening the socket. */
        CONNECTING,
        /** The socket is open; joining the channel and waiting for the login delay. */
        JOINING,
        /** The login was sent; waiting for the answer and for the channel to load. */
        LOGGING_IN,
        /** Logged in and the channel loaded: chat goes out. */
        READY,
        /** The link failed; the next attempt is due at {@link ConnectionState#retryAt()}. */
        WAITING,
        /** Too many failed attempts in a row: no attempt before {@link ConnectionState#retryAt()}. */
        COOLDOWN,
        /** A configuration error (unknown channel, wrong password, unknown user): no attempt until it is changed. */
        CONFIGURATION_ERROR,
        /** The server kicked the bot (duplicate login, ban): not fought, no attempt until reconfigured or restarted. */
        KICKED,
        /** The link was stopped (configuration removed, bundle stopping). */
        STOPPED;

        /** The topic segment of this phase: its name in lower case with {@code -} for {@code _}. */
        public String topicSegment() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether the bot waits for an operator (or a configuration change) in this phase. */
        public boolean terminal() {
            return this == UNCONFIGURED || this == CONFIGURATION_ERROR || this == KICKED || this == STOPPED;
        }
    }
}
