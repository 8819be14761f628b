package daz.plugin.mediatracker;

import daz.api.cytube.Media;
import daz.api.cytube.PlaylistEntry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The playlist of each channel as far as the plays need it: who queued each entry, and which entry is current
 * ({@code setCurrent} names it right before {@code changeMedia}). Used by one listener thread at a time.
 */
final class Playlists {

    private static final class Channel {
        final Map<Long, PlaylistEntry> entries = new LinkedHashMap<>();
        long current = -1;
    }

    private final Map<String, Channel> channels = new HashMap<>();

    private Channel of(String channel) {
        return channels.computeIfAbsent(channel, c -> new Channel());
    }

    void replace(String channel, List<PlaylistEntry> entries) {
        Channel c = of(channel);
        c.entries.clear();
        entries.forEach(e -> c.entries.put(e.uid(), e));
    }

    void queued(String channel, PlaylistEntry entry) {
        of(channel).entries.put(entry.uid(), entry);
    }

    void removed(String channel, long uid) {
        of(channel).entries.remove(uid);
    }

    void current(String channel, long uid) {
        of(channel).current = uid;
    }

    /** Who queued what plays now: the current entry if it holds this item, else the last entry that does. */
    Optional<String> queuedBy(String channel, Media media) {
        Channel c = of(channel);
        PlaylistEntry current = c.entries.get(c.current);
        if (current != null && same(current.media(), media)) {
            return named(current);
        }
        PlaylistEntry found = null;
        for (PlaylistEntry entry : c.entries.values()) {
            if (same(entry.media(), media)) {
                found = entry;
            }
        }
        return found == null ? Optional.empty() : named(found);
    }

    private static Optional<String> named(PlaylistEntry entry) {
        return entry.queuedBy().isBlank() ? Optional.empty() : Optional.of(entry.queuedBy());
    }

    private static boolean same(Media a, Media b) {
        return a.id().equals(b.id()) && a.type().equals(b.type());
    }
}
