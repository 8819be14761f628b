package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.bus.Event;
import daz.api.bus.Priority;
import daz.api.cytube.OutgoingChat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Replies held for a channel that is not there yet: order, per-channel bounds, expiry on a fake clock. */
class HeldRepliesTest {

    private final HeldReplies held = new HeldReplies(5_000, 3);

    static Event chat(String channel, String text) {
        return new Event(
                text,
                OutgoingChat.TOPIC,
                new OutgoingChat(channel, text),
                "test",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                Priority.NORMAL,
                Set.of(),
                true);
    }

    private static List<String> texts(List<HeldReplies.Held> held) {
        return held.stream().map(h -> h.event().id()).toList();
    }

    @Test
    void givesBackWhatWaitsForAChannelInOrderWhateverTheCase() {
        held.hold("Lobby", chat("Lobby", "a"), 0);
        held.hold("other", chat("other", "x"), 0);
        held.hold("lobby", chat("lobby", "b"), 10);

        assertThat(held.holds("LOBBY")).isTrue();
        assertThat(texts(held.take("lobby"))).containsExactly("a", "b");
        assertThat(held.holds("lobby")).isFalse();
        assertThat(held.take("lobby")).isEmpty();
        assertThat(held.size()).isEqualTo(1);
    }

    @Test
    void refusesBeyondTheCountPerChannel() {
        assertThat(held.hold("lobby", chat("lobby", "1"), 0)).isTrue();
        assertThat(held.hold("lobby", chat("lobby", "2"), 0)).isTrue();
        assertThat(held.hold("lobby", chat("lobby", "3"), 0)).isTrue();

        assertThat(held.hold("lobby", chat("lobby", "4"), 0)).isFalse();
        assertThat(held.hold("other", chat("other", "x"), 0)).isTrue();
        assertThat(texts(held.take("lobby"))).containsExactly("1", "2", "3");
    }

    @Test
    void expiresWhatWaitedTheHoldTimeOldestFirst() {
        held.hold("lobby", chat("lobby", "old"), 1_000);
        held.hold("lobby", chat("lobby", "new"), 3_000);
        held.hold("other", chat("other", "x"), 2_000);

        assertThat(held.nextExpiryMillis()).isEqualTo(6_000);
        assertThat(held.expired(5_999)).isEmpty();
        assertThat(texts(held.expired(7_000))).containsExactlyInAnyOrder("old", "x");
        assertThat(held.nextExpiryMillis()).isEqualTo(8_000);
        assertThat(texts(held.expired(8_000))).containsExactly("new");
        assertThat(held.nextExpiryMillis()).isEqualTo(-1);
        assertThat(held.size()).isZero();
    }

    @Test
    void drainsEverything() {
        held.hold("lobby", chat("lobby", "a"), 0);
        held.hold("lobby", chat("lobby", "b"), 0);
        held.hold("other", chat("other", "x"), 0);

        assertThat(texts(held.drain())).containsExactlyInAnyOrder("a", "b", "x");
        assertThat(held.size()).isZero();
        assertThat(held.nextExpiryMillis()).isEqualTo(-1);
    }
}
