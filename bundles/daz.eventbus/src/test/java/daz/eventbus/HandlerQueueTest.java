package daz.eventbus;

import static daz.eventbus.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerQueueTest {

    private final TopicStats stats = new TopicStats("t");

    @Test
    void holdsExactlyItsCapacityEvenWhenNotAPowerOfTwo() {
        HandlerQueue queue = new HandlerQueue(5);

        for (int i = 0; i < 5; i++) {
            assertThat(queue.offer(event(i), stats)).isTrue();
        }

        assertThat(queue.offer(event(5), stats)).isFalse();
        assertThat(queue.size()).isEqualTo(5);
    }

    @Test
    void givesEventsBackInOrderAcrossWrapAround() {
        HandlerQueue queue = new HandlerQueue(3);
        List<Object> seen = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            queue.offer(event(i), stats);
            seen.add(queue.poll().payload());
            assertThat(queue.polledStats()).isSameAs(stats);
        }

        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(queue.poll()).isNull();
        assertThat(queue.hasWork()).isFalse();
    }

    @Test
    void takingAnEventFreesRoomForAnother() {
        HandlerQueue queue = new HandlerQueue(1);
        queue.offer(event(1), stats);

        queue.poll();

        assertThat(queue.offer(event(2), stats)).isTrue();
    }

    @Test
    void keepsEveryEventOfConcurrentPublishersUpToCapacity() throws InterruptedException {
        HandlerQueue queue = new HandlerQueue(40_000);
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    queue.offer(event(i), stats);
                }
            });
            publishers.add(publisher);
            publisher.start();
        }
        for (Thread publisher : publishers) {
            publisher.join();
        }

        int taken = 0;
        while (queue.poll() != null) {
            taken++;
        }
        assertThat(taken).isEqualTo(40_000);
    }
}
