package daz.api.cytube;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the bot knows of one channel it is configured for: the link, who is there with which rank, what plays. One
 * service per configured channel, with the service property {@value #CHANNEL} naming it; select one with a target
 * such as {@code (daz.cytube.channel=mychannel)}.
 *
 * <p>Kept from {@code userlist}, {@code addUser}, {@code userLeave}, {@code setUserRank}, {@code setAFK},
 * {@code changeMedia} and the playlist events, before each of them is published on the bus, so a handler of such an
 * event already sees its effect. Reads are cheap and thread-safe; lists are immutable snapshots.
 */
public interface ChannelState {

    /** Service property: the channel's name. */
    String CHANNEL = "daz.cytube.channel";

    /** The channel's name as configured. */
    String channel();

    /** The link's current state. */
    ConnectionState connection();

    /** Whether the bot is logged in and the channel has loaded (what it says now goes out). */
    default boolean ready() {
        return connection().phase() == ConnectionState.Phase.READY;
    }

    /** The name the bot is logged in with, once logged in. */
    Optional<String> botName();

    /** The bot's rank in the channel ({@link Rank#ANONYMOUS} until logged in). */
    int botRank();

    /** The users present, in the order they came (empty while not joined). */
    List<User> users();

    /** The user of that name (case-insensitive), if present. */
    Optional<User> user(String name);

    /** What plays now, if known. */
    Optional<Media> currentMedia();

    /** The playlist, in play order. */
    List<PlaylistEntry> playlist();

    /** The state of {@code channel} among {@code states} (a DS reference list, which may be null before binding). */
    static Optional<ChannelState> find(Collection<? extends ChannelState> states, String channel) {
        if (states == null) {
            return Optional.empty();
        }
        for (ChannelState state : states) {
            if (state.channel().equals(channel)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
