package daz.api.cytube;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An entry moved within the playlist ({@code moveVideo}).
 *
 * @param uid the entry that moved
 * @param after the uid of the entry it now follows; empty when it was put first
 */
public record MovedEntry(long uid, OptionalLong after) {

    /** Checks the fields. */
    public MovedEntry {
        Objects.requireNonNull(after, "after");
    }
}
