package daz.eventbus;

import static daz.eventbus.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import daz.api.bus.Priority;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurableQueueTest {

    private final TopicStats stats = new TopicStats("t");

    private static List<Object> drain(DurableQueue queue) {
        List<Object> out = new ArrayList<>();
        for (DurableQueue.Entry next = queue.peek(); next != null; next = queue.peek()) {
            out.add(next.event().payload());
            queue.remove(next);
        }
        return out;
    }

    @Test
    void givesEventsBackInOrderHighPriorityFirst() {
        DurableQueue queue = new DurableQueue(10, 100);

        queue.offer(event(1), stats);
        queue.offer(event(2), stats);
        queue.offer(event(3, Priority.HIGH), stats);
        queue.offer(event(4), stats);

        assertThat(drain(queue)).containsExactly(3, 1, 2, 4);
    }

    @Test
    void withItsHandlerThereAFullQueueRefusesTheNewEvent() {
        DurableQueue queue = new DurableQueue(2, 100);

        assertThat(queue.offer(event(1), stats)).isTrue();
        assertThat(queue.offer(event(2), stats)).isTrue();

        assertThat(queue.offer(event(3), stats)).isFalse();
        assertThat(drain(queue)).containsExactly(1, 2);
        assertThat(queue.droppedOldest()).isZero();
    }

    @Test
    void whileHeldItKeepsUpToTheBoundBeyondItsCapacityAndDropsTheOldestCountingThem() {
        DurableQueue queue = new DurableQueue(2, 4);
        queue.hold(4);

        for (int i = 1; i <= 7; i++) {
            assertThat(queue.offer(event(i), stats)).isTrue();
        }

        assertThat(queue.size()).isEqualTo(4);
        assertThat(queue.droppedOldest()).isEqualTo(3);
        assertThat(stats.dropped.sum()).isEqualTo(3);
        queue.handOver();
        assertThat(drain(queue)).containsExactly(4, 5, 6, 7);
    }

    @Test
    void afterTheHandoverNewEventsQueueBehindTheHeldOnesUntilTheyAreDelivered() {
        DurableQueue queue = new DurableQueue(1, 100);
        queue.hold(100);
        queue.offer(event(1), stats);
        queue.offer(event(2), stats);

        queue.handOver();
        assertThat(queue.idle()).isFalse();
        assertThat(queue.offer(event(3), stats))
                .as("held back: over the capacity of 1 still")
                .isTrue();

        assertThat(drain(queue)).containsExactly(1, 2, 3);
        assertThat(queue.idle()).isTrue();
        queue.offer(event(4), stats);
        assertThat(queue.offer(event(5), stats))
                .as("bounded by its capacity again")
                .isFalse();
    }

    @Test
    void anEmptyQueueHandedOverIsIdleAtOnce() {
        DurableQueue queue = new DurableQueue(5, 5);
        queue.hold(5);
        assertThat(queue.idle()).isFalse();

        queue.handOver();

        assertThat(queue.idle()).isTrue();
    }
}
