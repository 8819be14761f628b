package daz.api.cytube;

import java.util.Objects;

/**
 * A user left the channel ({@code userLeave}).
 *
 * @param name who left
 */
public record UserLeft(String name) {

    /** Checks that there is a name. */
    public UserLeft {
        Objects.requireNonNull(name, "name");
    }
}
