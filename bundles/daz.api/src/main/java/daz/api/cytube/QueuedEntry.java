package daz.api.cytube;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An entry was added to the playlist ({@code queue}).
 *
 * @param entry the new entry
 * @param after the uid of the entry it follows; empty when it was put first
 */
public record QueuedEntry(PlaylistEntry entry, OptionalLong after) {

    /** Checks the fields. */
    public QueuedEntry {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(after, "after");
    }
}
