package daz.api.cytube;

import java.util.Objects;

/**
 * One entry of a channel's playlist.
 *
 * @param uid the entry's id in this playlist (not the media id)
 * @param media what it plays
 * @param temporary whether it is removed once played
 * @param queuedBy who added it (empty when unknown)
 */
public record PlaylistEntry(long uid, Media media, boolean temporary, String queuedBy) {

    /** Checks the fields that must be there. */
    public PlaylistEntry {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(queuedBy, "queuedBy");
    }
}
