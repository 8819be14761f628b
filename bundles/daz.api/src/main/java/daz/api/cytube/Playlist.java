package daz.api.cytube;

import java.util.List;

/**
 * A channel's whole playlist ({@code playlist}), in play order.
 *
 * @param entries the entries
 */
public record Playlist(List<PlaylistEntry> entries) {

    /** Copies the list, so the record stays immutable. */
    public Playlist {
        entries = List.copyOf(entries);
    }
}
