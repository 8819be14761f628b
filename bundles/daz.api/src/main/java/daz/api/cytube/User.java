package daz.api.cytube;

import java.util.Objects;

/**
 * A user present in a channel, as {@code userlist} and {@code addUser} describe them.
 *
 * @param name the user's name as CyTube spells it
 * @param rank the user's rank in the channel (see {@link Rank})
 * @param afk whether the user is marked away
 * @param muted whether the user is muted in the channel
 */
public record User(String name, int rank, boolean afk, boolean muted) {

    /** Checks that there is a name. */
    public User {
        Objects.requireNonNull(name, "name");
    }

    /** This user with another rank. */
    public User withRank(int newRank) {
        return new User(name, newRank, afk, muted);
    }

    /** This user with the away flag set as given. */
    public User withAfk(boolean newAfk) {
        return new User(name, rank, newAfk, muted);
    }
}
