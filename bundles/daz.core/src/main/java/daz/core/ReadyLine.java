package daz.core;

import java.util.OptionalInt;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log line that says a {@link SocketIoSession} is ready, with the bot's channel rank: CyTube sends the channel rank
 * ({@code setUserRank} of the bot's own name) after the login's answer, and the first rank it sends is the account's
 * global one, so the line waits for that rank, at most {@value #WAIT_MILLIS} ms, then says the last rank it has.
 *
 * <p>Threads: every call is made under the session's lock, which guards this state too.
 */
final class ReadyLine {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyLine.class);
    private static final long WAIT_MILLIS = 2000;

    private final SessionContext context;
    private final SessionTimer timer;

    // guarded by the session's lock
    private boolean pending;
    private ScheduledFuture<?> fallback;
    private OptionalInt channelRank = OptionalInt.empty();

    ReadyLine(SessionContext context, SessionTimer timer) {
        this.context = context;
        this.timer = timer;
    }

    /** The server sent the bot's channel rank: the line goes out now if the session is ready. */
    void rank(int rank) {
        channelRank = OptionalInt.of(rank);
        write();
    }

    /** The session is ready: the line goes out once the channel rank is known, or when the wait runs out. */
    void ready() {
        pending = true;
        if (channelRank.isPresent()) {
            write();
        } else {
            fallback = timer.schedule(this::write, WAIT_MILLIS);
        }
    }

    private void write() {
        if (!pending) {
            return;
        }
        pending = false;
        if (fallback != null) {
            fallback.cancel(false);
        }
        ChannelData data = context.data();
        LOG.info(
                "Channel {}: ready as {} (rank {}, {} users)",
                context.channel(),
                data.botName().orElse(context.settings().user()),
                channelRank.orElse(data.botRank()),
                data.users().size());
    }
}
