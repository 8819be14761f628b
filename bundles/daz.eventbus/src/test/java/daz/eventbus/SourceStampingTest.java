package daz.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.bus.Priority;
import daz.api.bus.PublishOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceStampingTest {

    private final TestBus bus = new TestBus();
    private final RecordingHandler handler = new RecordingHandler();

    SourceStampingTest() {
        bus.register("daz.sql", handler, Map.of(EventHandler.TOPICS, ">", EventHandler.DELIVERY, "sync"));
    }

    @AfterEach
    void stopBus() {
        bus.close();
    }

    @Test
    void eachBundlesBusStampsThatBundlesName() {
        bus.busFor("daz.core").publish("cytube.event.chatMsg", "hi");
        bus.busFor("daz.plugin.about").publish("cytube.send.chat", "about");

        assertThat(handler.events).extracting(Event::source).containsExactly("daz.core", "daz.plugin.about");
    }

    @Test
    void sourceCannotBeSetThroughPayloadOrOptions() {
        bus.busFor("daz.plugin.evil")
                .publish(
                        "cytube.send.chat",
                        Map.of("source", "daz.core"),
                        new PublishOptions(Priority.HIGH, java.util.Set.of("source=daz.core"), true));

        assertThat(handler.events.get(0).source()).isEqualTo("daz.plugin.evil");
    }

    @Test
    void eventsCarryOptionsIdsAndTimes() {
        long before = System.currentTimeMillis();

        Event event = bus.busFor("daz.core")
                .publish("t", "x", PublishOptions.DEFAULT.withTags("chat").withLoggable(false));
        Event next = bus.busFor("daz.core").publish("t", "y");

        assertThat(event.tags()).containsExactly("chat");
        assertThat(event.loggable()).isFalse();
        assertThat(event.priority()).isEqualTo(Priority.NORMAL);
        // derived from nanoTime and a wall-clock base: within a millisecond of the wall clock
        assertThat(event.timestamp()).isBetween(before - 1, System.currentTimeMillis() + 1);
        assertThat(event.id()).isNotEqualTo(next.id());
        assertThat(next.nanoTime()).isGreaterThanOrEqualTo(event.nanoTime());
        assertThat(handler.events.get(0)).isSameAs(event);
    }
}
