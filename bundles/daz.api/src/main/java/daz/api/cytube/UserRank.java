package daz.api.cytube;

import java.util.Objects;

/**
 * A user's rank changed ({@code setUserRank}).
 *
 * @param name whose rank
 * @param rank the new rank (see {@link Rank})
 */
public record UserRank(String name, int rank) {

    /** Checks that there is a name. */
    public UserRank {
        Objects.requireNonNull(name, "name");
    }
}
