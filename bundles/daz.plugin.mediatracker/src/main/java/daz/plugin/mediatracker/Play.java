package daz.plugin.mediatracker;

import java.time.Instant;
import java.util.Optional;

/**
 * A play as the commands read it.
 *
 * @param title the item's title
 * @param type the provider, e.g. {@code yt}
 * @param id the provider's id
 * @param seconds its length (0: a live stream)
 * @param queuedBy who queued it, if known
 * @param startedAt when the bot saw it start
 * @param position the last known position in seconds
 * @param positionAt when that position was known
 * @param paused whether it was paused then
 * @param playedSeconds how long it played, once it ended
 */
record Play(
        String title,
        String type,
        String id,
        int seconds,
        Optional<String> queuedBy,
        Instant startedAt,
        double position,
        Instant positionAt,
        boolean paused,
        Optional<Integer> playedSeconds) {

    /** The position at {@code now}: the last known one, advanced by the time since unless paused, within the length. */
    double positionAt(Instant now) {
        double advanced =
                paused ? position : position + Math.max(0, now.toEpochMilli() - positionAt.toEpochMilli()) / 1000.0;
        return seconds > 0 ? Math.min(seconds, advanced) : advanced;
    }
}
