package daz.api.cytube;

import java.util.Objects;

/**
 * A user was marked away or back ({@code setAFK}).
 *
 * @param name who
 * @param afk whether the user is now away
 */
public record AfkChange(String name, boolean afk) {

    /** Checks that there is a name. */
    public AfkChange {
        Objects.requireNonNull(name, "name");
    }
}
