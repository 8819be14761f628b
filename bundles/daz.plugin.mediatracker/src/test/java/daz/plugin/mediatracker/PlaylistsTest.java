package daz.plugin.mediatracker;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.cytube.Media;
import daz.api.cytube.PlaylistEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistsTest {

    private static Media media(String id) {
        return new Media(id, id, 10, "00:10", "yt", 0, false);
    }

    @Test
    void theCurrentEntryNamesWhoQueuedWhatPlays() {
        Playlists lists = new Playlists();
        lists.replace("c", List.of(new PlaylistEntry(1, media("a"), false, "alice")));
        lists.queued("c", new PlaylistEntry(2, media("a"), false, "bob"));
        lists.queued("c", new PlaylistEntry(3, media("b"), false, ""));
        lists.current("c", 1);
        assertThat(lists.queuedBy("c", media("a"))).contains("alice");
        lists.current("c", 99);
        assertThat(lists.queuedBy("c", media("a")))
                .as("else the last entry of the item")
                .contains("bob");
        assertThat(lists.queuedBy("c", media("b"))).isEmpty();
        lists.removed("c", 2);
        lists.removed("c", 1);
        assertThat(lists.queuedBy("c", media("a"))).isEmpty();
        assertThat(lists.queuedBy("other", media("a"))).isEmpty();
    }
}
