package daz.plugin.usertracker;

import java.time.Instant;
import java.util.Optional;

/**
 * What is known of a user in a channel.
 *
 * @param name the name as CyTube spelled it last
 * @param joined when the latest session began (empty: never seen present, only heard in the backlog)
 * @param left when it ended (empty while it is open: the user is here now)
 * @param afk whether the user is marked away in the open session
 * @param lastWords the user's last chat line in the channel
 * @param saidAt when it was said
 */
record Seen(
        String name,
        Optional<Instant> joined,
        Optional<Instant> left,
        boolean afk,
        Optional<String> lastWords,
        Optional<Instant> saidAt) {

    /** Whether the user is in the channel now. */
    boolean hereNow() {
        return joined.isPresent() && left.isEmpty();
    }
}
