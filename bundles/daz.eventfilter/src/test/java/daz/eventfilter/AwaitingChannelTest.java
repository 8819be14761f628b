package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines waiting for their channel to be back: order, per-channel bound, expiry on a fake clock. */
class AwaitingChannelTest {

    private final AwaitingChannel<String> awaiting = new AwaitingChannel<>(5_000, 3);

    private static List<String> lines(List<AwaitingChannel.Waiting<String>> waiting) {
        return waiting.stream().map(AwaitingChannel.Waiting::line).toList();
    }

    @Test
    void givesBackWhatWaitsForAChannelInOrder() {
        awaiting.hold("lobby", "a", 0);
        awaiting.hold("other", "x", 0);
        awaiting.hold("lobby", "b", 10);

        assertThat(awaiting.holds("lobby")).isTrue();
        assertThat(lines(awaiting.take("lobby"))).containsExactly("a", "b");
        assertThat(awaiting.holds("lobby")).isFalse();
        assertThat(awaiting.take("lobby")).isEmpty();
        assertThat(awaiting.size()).isEqualTo(1);
    }

    @Test
    void refusesBeyondTheCountPerChannel() {
        assertThat(awaiting.hold("lobby", "1", 0)).isTrue();
        assertThat(awaiting.hold("lobby", "2", 0)).isTrue();
        assertThat(awaiting.hold("lobby", "3", 0)).isTrue();

        assertThat(awaiting.hold("lobby", "4", 0)).isFalse();
        assertThat(awaiting.hold("other", "x", 0)).isTrue();
        assertThat(lines(awaiting.take("lobby"))).containsExactly("1", "2", "3");
    }

    @Test
    void expiresWhatWaitedTooLongOldestFirst() {
        awaiting.hold("lobby", "old", 1_000);
        awaiting.hold("lobby", "new", 3_000);

        assertThat(awaiting.expired(5_999)).isEmpty();
        assertThat(lines(awaiting.expired(6_000))).containsExactly("old");
        assertThat(lines(awaiting.expired(8_000))).containsExactly("new");
        assertThat(awaiting.size()).isZero();
        assertThat(awaiting.holds("lobby")).isFalse();
    }
}
