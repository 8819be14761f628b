package daz.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Durable subscriptions: a handler's events outlive its service and go to the next handler of its name. */
class DurableSubscriptionTest {

    private final List<TestBus> buses = new ArrayList<>();

    @AfterEach
    void stopBuses() {
        buses.forEach(TestBus::close);
    }

    private TestBus bus(Object... config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("queueSizes", new String[] {"t=100000"});
        for (int i = 0; i < config.length; i += 2) {
            settings.put((String) config[i], config[i + 1]);
        }
        TestBus bus = new TestBus(settings);
        buses.add(bus);
        return bus;
    }

    private static Map<String, Object> durable(String name, Object... more) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventHandler.TOPICS, "t");
        properties.put(EventHandler.DURABLE, name);
        for (int i = 0; i < more.length; i += 2) {
            properties.put((String) more[i], more[i + 1]);
        }
        return properties;
    }

    private static DurableMetrics durableMetrics(TestBus bus, String name) {
        return bus.dispatcher.metrics().durables().stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eventsPublishedWhileADurableHandlerIsAwayGoInOrderToTheNextHandlerOfItsName() {
        TestBus bus = bus();
        EventBus publisher = bus.busFor("daz.core");
        RecordingHandler first = new RecordingHandler();
        TestBus.Registration registration = bus.register("daz.plugin.a", first, durable("a.handler"));
        publisher.publish("t", 1);
        await("first handler got 1").until(() -> first.count() == 1);

        registration.unregister();
        IntStream.rangeClosed(2, 6).forEach(i -> publisher.publish("t", i));
        assertThat(durableMetrics(bus, "a.handler").held()).isEqualTo(5);
        assertThat(durableMetrics(bus, "a.handler").live()).isFalse();
        RecordingHandler second = new RecordingHandler();
        bus.register("daz.plugin.a", second, durable("a.handler"));
        publisher.publish("t", 7);

        await("second handler got 2..7").until(() -> second.count() == 6);
        assertThat(second.payloads()).containsExactly(2, 3, 4, 5, 6, 7);
        assertThat(first.payloads()).containsExactly(1);
        assertThat(durableMetrics(bus, "a.handler").live()).isTrue();
    }

    @Test
    void eventsQueuedForTheLeavingHandlerGoToTheNextOneAndTheCallInProgressFinishesFirst() throws Exception {
        TestBus bus = bus();
        EventBus publisher = bus.busFor("daz.core");
        RecordingHandler leaving = new RecordingHandler().hold();
        TestBus.Registration registration = bus.register("daz.plugin.a", leaving, durable("a"));
        publisher.publish("t", "in-flight");
        assertThat(leaving.entered.await(10, TimeUnit.SECONDS)).isTrue();
        publisher.publish("t", "queued-1");
        publisher.publish("t", "queued-2");

        Thread unbinding = new Thread(registration::unregister, "scr-stand-in");
        unbinding.start();
        await("unbinding waits for the call in progress").until(() -> unbinding.getState() != Thread.State.RUNNABLE);
        assertThat(unbinding.isAlive()).isTrue();
        leaving.open();
        unbinding.join(10_000);
        RecordingHandler next = new RecordingHandler();
        bus.register("daz.plugin.a", next, durable("a"));

        await("next handler got the queued events").until(() -> next.count() == 2);
        assertThat(leaving.payloads()).containsExactly("in-flight");
        assertThat(next.payloads()).containsExactly("queued-1", "queued-2");
    }

    @Test
    void pastTheBoundTheOldestHeldEventsAreDroppedAndCounted() {
        TestBus bus = bus("durableMaxEvents", 3);
        EventBus publisher = bus.busFor("daz.core");
        bus.register("daz.plugin.a", new RecordingHandler(), durable("a")).unregister();

        IntStream.rangeClosed(1, 5).forEach(i -> publisher.publish("t", i));
        RecordingHandler next = new RecordingHandler();
        bus.register("daz.plugin.a", next, durable("a"));

        await("the three newest handed over").until(() -> next.count() == 3);
        assertThat(next.payloads()).containsExactly(3, 4, 5);
        assertThat(durableMetrics(bus, "a").dropped()).isEqualTo(2);
        assertThat(bus.metricsOf("t").dropped()).isEqualTo(2);
    }

    @Test
    void aHandlerThatDoesNotComeBackInTimeHasItsEventsReleased() {
        TestBus bus = bus("durableHoldMillis", 50L);
        EventBus publisher = bus.busFor("daz.core");
        bus.register("daz.plugin.a", new RecordingHandler(), durable("a")).unregister();
        publisher.publish("t", "held, then released");

        await("released").until(() -> bus.dispatcher.metrics().durables().isEmpty());
        assertThat(bus.dispatcher.metrics().handlers()).isEmpty();
        RecordingHandler late = new RecordingHandler();
        bus.register("daz.plugin.a", late, durable("a", EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC));
        publisher.publish("t", "after");

        assertThat(late.payloads()).containsExactly("after");
    }

    @Test
    void eventsPublishedDuringHandoversAreNeitherLostNorReordered() throws Exception {
        TestBus bus = bus("durableMaxEvents", 1_000_000);
        EventBus publisher = bus.busFor("daz.core");
        // one list for all the handlers in turn: each appends what it gets, as a journal would
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        EventHandler generation = e -> received.add(e.payload());
        TestBus.Registration registration = bus.register("daz.plugin.a", generation, durable("a"));
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread publisherThread = new Thread(() -> {
            while (publishing.get()) {
                publisher.publish("t", published.getAndIncrement());
                Thread.yield();
            }
        });
        publisherThread.start();

        for (int i = 0; i < 20; i++) {
            int seen = received.size();
            await("events flowing").until(() -> received.size() > seen);
            registration.unregister();
            registration = bus.register("daz.plugin.a", e -> received.add(e.payload()), durable("a"));
        }
        publishing.set(false);
        publisherThread.join(10_000);

        int total = published.get();
        await("all " + total + " delivered").until(() -> received.size() >= total);
        assertThat(List.copyOf(received))
                .isEqualTo(new ArrayList<>(IntStream.range(0, total).boxed().toList()));
    }

    @Test
    void aSynchronousDurableHandlerGetsWhatWasHeldBeforeNewEventsThenRunsInlineAgain() {
        TestBus bus = bus();
        EventBus publisher = bus.busFor("daz.core");
        Map<String, Object> sync = durable("journal", EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC);
        bus.register("daz.sql", new RecordingHandler(), sync).unregister();
        publisher.publish("t", 1);
        publisher.publish("t", 2);

        RecordingHandler journal = new RecordingHandler();
        bus.register("daz.sql", journal, sync);
        publisher.publish("t", 3);
        await("held events and the next one delivered").until(() -> journal.count() == 3);
        await("nothing held").until(() -> durableMetrics(bus, "journal").held() == 0);
        publisher.publish("t", 4);

        assertThat(journal.payloads()).containsExactly(1, 2, 3, 4);
        assertThat(journal.threads.get(3)).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void busCommandShowsHeldAndDroppedPerDurableName() {
        TestBus bus = bus("durableMaxEvents", 2);
        bus.register("daz.plugin.a", new RecordingHandler(), durable("a.commands"))
                .unregister();
        IntStream.range(0, 5).forEach(i -> bus.busFor("daz.core").publish("t", i));

        String table = new BusCommand(bus.dispatcher).bus();

        assertThat(table.lines().filter(l -> l.startsWith("a.commands")))
                .singleElement()
                .satisfies(line -> assertThat(line.split("\\s+"))
                        .containsExactly("a.commands", "away", "daz.plugin.a/101", "2", "3"));
    }
}
