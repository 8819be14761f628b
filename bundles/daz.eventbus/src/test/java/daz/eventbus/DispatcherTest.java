package daz.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Priority;
import daz.api.bus.PublishOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final TestBus bus = new TestBus(Map.of("queueSizes", new String[] {"small.>=3", "big.>=50000"}));
    private final EventBus publisher = bus.busFor("daz.core");

    @AfterEach
    void stopBus() {
        bus.close();
    }

    private static Map<String, Object> props(String topics, Object... more) {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put(EventHandler.TOPICS, topics);
        for (int i = 0; i < more.length; i += 2) {
            properties.put((String) more[i], more[i + 1]);
        }
        return properties;
    }

    @Test
    void handlerReceivesEventsOfItsTopicOnly() {
        RecordingHandler handler = new RecordingHandler();
        bus.register("daz.plugin.a", handler, "cytube.event.chatMsg");

        publisher.publish("cytube.event.userLeave", "ignored");
        publisher.publish("cytube.event.chatMsg", "hello");

        await("chat line delivered").until(() -> handler.count() == 1);
        assertThat(handler.payloads()).containsExactly("hello");
    }

    @Test
    void wildcardSubscriptionsReceiveMatchingTopics() {
        RecordingHandler oneSegment = new RecordingHandler();
        RecordingHandler rest = new RecordingHandler();
        bus.register("daz.plugin.a", oneSegment, "cytube.*.chatMsg");
        bus.register("daz.plugin.b", rest, "cytube.>");

        publisher.publish("cytube.event.chatMsg", 1);
        publisher.publish("cytube.event.deep.chatMsg", 2);
        publisher.publish("cytube", 3);

        await("both events under cytube delivered").until(() -> rest.count() == 2);
        await("one-segment match delivered").until(() -> oneSegment.count() == 1);
        assertThat(oneSegment.payloads()).containsExactly(1);
        assertThat(rest.payloads()).containsExactly(1, 2);
    }

    @Test
    void handlersOfATopicRunInRankingOrderHighestFirstThenOldestService() {
        List<String> order = new CopyOnWriteArrayList<>();
        bus.register("b", e -> order.add("rank0-old"), props("t", EventHandler.DELIVERY, "sync"));
        bus.register("b", e -> order.add("rank10"), props("t", EventHandler.DELIVERY, "sync", "service.ranking", 10));
        bus.register("b", e -> order.add("rank0-new"), props("t", EventHandler.DELIVERY, "sync"));
        bus.register("b", e -> order.add("rank-5"), props("t", EventHandler.DELIVERY, "sync", "service.ranking", -5));

        publisher.publish("t", "x");

        assertThat(order).containsExactly("rank10", "rank0-old", "rank0-new", "rank-5");
    }

    @Test
    void rankingThatIsNoIntegerCountsAsZero() {
        List<String> order = new CopyOnWriteArrayList<>();
        bus.register(
                "b",
                e -> order.add("string-ranking"),
                props("t", "delivery", "x", EventHandler.DELIVERY, "sync", "service.ranking", "99"));
        bus.register("b", e -> order.add("rank1"), props("t", EventHandler.DELIVERY, "sync", "service.ranking", 1));

        publisher.publish("t", "x");

        assertThat(order).containsExactly("rank1", "string-ranking");
    }

    @Test
    void syncHandlerRunsOnThePublishersThreadBeforePublishReturns() {
        RecordingHandler handler = new RecordingHandler();
        bus.register("daz.sql", handler, props("t", EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC));

        publisher.publish("t", "x");

        assertThat(handler.count()).isEqualTo(1);
        assertThat(handler.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void asyncHandlersAreHandedTheEventOnlyAfterTheSyncHandlersReturned() throws Exception {
        // one worker, kept busy: an event handed to the async handler waits in its queue, where the sync handler sees
        // it
        TestBus bus = new TestBus(Map.of("workerThreads", 1));
        EventBus publisher = bus.busFor("daz.core");
        RecordingHandler blocker = new RecordingHandler().hold();
        bus.register("daz.plugin.busy", blocker, "busy");
        publisher.publish("busy", "x");
        assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).isTrue();
        RecordingHandler command = new RecordingHandler();
        // ranked above the journal, and still it is handed the line only once the journal has it
        TestBus.Registration commandRegistration =
                bus.register("daz.eventfilter", command, props("cytube.event.chatMsg", "service.ranking", 10));
        List<Integer> queuedForCommandWhileJournaling = new CopyOnWriteArrayList<>();
        bus.register(
                "daz.sql",
                e -> queuedForCommandWhileJournaling.add(
                        bus.metricsOf(commandRegistration).queueDepth()),
                props("cytube.event.chatMsg", EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC));

        publisher.publish("cytube.event.chatMsg", "hello");

        assertThat(bus.metricsOf(commandRegistration).queueDepth()).isEqualTo(1);
        blocker.open();
        await("command handled the line").until(() -> command.count() == 1);
        bus.close();
        assertThat(queuedForCommandWhileJournaling).containsExactly(0);
    }

    @Test
    void asyncHandlerRunsOnABusThread() {
        RecordingHandler handler = new RecordingHandler();
        bus.register("daz.plugin.a", handler, "t");

        publisher.publish("t", "x");

        await("delivered").until(() -> handler.count() == 1);
        assertThat(handler.threads.get(0)).startsWith("daz-eventbus-worker-");
    }

    @Test
    void fullQueueDropsForThatHandlerOnlyAndCountsTheDrops() throws Exception {
        RecordingHandler stuck = new RecordingHandler().hold();
        RecordingHandler healthy = new RecordingHandler();
        TestBus.Registration stuckRegistration = bus.register("daz.plugin.stuck", stuck, "small.t");
        bus.register("daz.plugin.ok", healthy, ">"); // the default size, 1000

        publisher.publish("small.t", 0);
        assertThat(stuck.entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 5; i++) {
            publisher.publish("small.t", i); // 1..3 fit in the queue of 3, 4 and 5 are dropped
        }
        stuck.open();

        await("healthy handler got all").until(() -> healthy.count() == 6);
        await("stuck handler caught up").until(() -> stuck.count() == 4);
        assertThat(stuck.payloads()).containsExactly(0, 1, 2, 3);
        assertThat(bus.metricsOf(stuckRegistration).dropped()).isEqualTo(2);
        assertThat(bus.metricsOf("small.t").dropped()).isEqualTo(2);
        assertThat(bus.metricsOf("small.t").published()).isEqualTo(6);
    }

    @Test
    void highPriorityEventsOvertakeQueuedNormalOnes() throws Exception {
        RecordingHandler handler = new RecordingHandler().hold();
        bus.register("daz.plugin.a", handler, "t");

        publisher.publish("t", "first");
        assertThat(handler.entered.await(10, TimeUnit.SECONDS)).isTrue();
        publisher.publish("t", "normal-1");
        publisher.publish("t", "normal-2");
        publisher.publish("t", "urgent-1", PublishOptions.DEFAULT.withPriority(Priority.HIGH));
        publisher.publish("t", "urgent-2", PublishOptions.DEFAULT.withPriority(Priority.HIGH));
        handler.open();

        await("all delivered").until(() -> handler.count() == 5);
        assertThat(handler.payloads()).containsExactly("first", "urgent-1", "urgent-2", "normal-1", "normal-2");
    }

    @Test
    void eventsOfOnePublisherReachEachHandlerInPublishingOrder() {
        List<Object> first = Collections.synchronizedList(new ArrayList<>());
        List<Object> second = Collections.synchronizedList(new ArrayList<>());
        bus.register("a", e -> first.add(e.payload()), "big.t");
        bus.register("b", e -> second.add(e.payload()), "big.t");

        for (int i = 0; i < 20_000; i++) {
            publisher.publish("big.t", i);
        }

        List<Object> expected =
                new ArrayList<>(IntStream.range(0, 20_000).boxed().toList());
        await("all delivered").until(() -> first.size() == 20_000 && second.size() == 20_000);
        assertThat(List.copyOf(first)).isEqualTo(expected);
        assertThat(List.copyOf(second)).isEqualTo(expected);
    }

    @Test
    void handlerThatThrowsIsCountedAndKeepsReceivingAsDoOthers() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        TestBus.Registration failing = bus.register(
                "daz.plugin.bad",
                e -> {
                    seen.add(e.payload());
                    throw new IllegalStateException("boom " + e.payload());
                },
                "t");
        RecordingHandler healthy = new RecordingHandler();
        bus.register("daz.plugin.ok", healthy, "t");
        List<Object> syncSeen = new CopyOnWriteArrayList<>();
        bus.register(
                "daz.plugin.badsync",
                e -> {
                    syncSeen.add(e.payload());
                    throw new IllegalStateException("sync boom");
                },
                props("t", EventHandler.DELIVERY, "sync"));

        publisher.publish("t", 1);
        publisher.publish("t", 2);

        await("healthy got both").until(() -> healthy.count() == 2);
        await("failing handler saw both").until(() -> seen.size() == 2);
        assertThat(syncSeen).containsExactly(1, 2);
        await("errors counted").until(() -> bus.metricsOf(failing).errors() == 2);
        assertThat(bus.metricsOf("t").errors()).isEqualTo(4);
    }

    @Test
    void unregisteredHandlerGetsNothingMoreAndItsQueueIsDiscarded() throws Exception {
        RecordingHandler handler = new RecordingHandler().hold();
        TestBus.Registration registration = bus.register("daz.plugin.a", handler, "t");
        RecordingHandler other = new RecordingHandler();
        bus.register("daz.plugin.b", other, "t");

        publisher.publish("t", "in-flight");
        assertThat(handler.entered.await(10, TimeUnit.SECONDS)).isTrue();
        publisher.publish("t", "queued-1");
        publisher.publish("t", "queued-2");
        registration.unregister();
        handler.open();
        publisher.publish("t", "after");

        await("other handler got everything").until(() -> other.count() == 4);
        await("in-flight call finished").until(() -> handler.count() == 1);
        assertThat(handler.payloads()).containsExactly("in-flight");
        assertThat(bus.dispatcher.metrics().handlers()).hasSize(1);
    }

    @Test
    void handlerWithoutTopicsIsIgnored() {
        RecordingHandler handler = new RecordingHandler();
        bus.register("daz.plugin.a", handler, Map.of());

        publisher.publish("t", "x");

        assertThat(bus.dispatcher.metrics().handlers()).isEmpty();
    }

    @Test
    void handlerWithAMalformedTopicOrDeliveryIsIgnoredWhileOthersAreServed() {
        RecordingHandler malformed = new RecordingHandler();
        RecordingHandler wrongType = new RecordingHandler();
        RecordingHandler badDelivery = new RecordingHandler();
        RecordingHandler good = new RecordingHandler();
        bus.register("a", malformed, new String[] {"t", "a.>.b"});
        bus.register("a", wrongType, Map.of(EventHandler.TOPICS, 42));
        bus.register("a", badDelivery, props("t", EventHandler.DELIVERY, "sometimes"));
        bus.register("a", good, "t");

        publisher.publish("t", "x");

        await("good handler served").until(() -> good.count() == 1);
        assertThat(bus.dispatcher.metrics().handlers()).hasSize(1);
        assertThat(malformed.count() + wrongType.count() + badDelivery.count()).isZero();
    }

    @Test
    void sendReachesOnlyTheTargetBundlesHandlers() {
        RecordingHandler target = new RecordingHandler();
        RecordingHandler bystander = new RecordingHandler();
        bus.register("daz.plugin.help", target, props("command.>", EventHandler.DELIVERY, "sync"));
        bus.register("daz.plugin.about", bystander, props("command.>", EventHandler.DELIVERY, "sync"));

        Event sent = publisher.send("daz.plugin.help", "command.help", "args");

        assertThat(target.payloads()).containsExactly("args");
        assertThat(bystander.count()).isZero();
        assertThat(sent.target()).contains("daz.plugin.help");
    }

    @Test
    void nullPayloadIsRejectedNamingTopicAndBundle() {
        assertThatThrownBy(() -> publisher.publish("cytube.send.chat", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("cytube.send.chat")
                .hasMessageContaining("daz.core");
    }

    @Test
    void invalidTopicIsRejectedNamingTopicAndBundle() {
        assertThatThrownBy(() -> publisher.publish("cytube..send", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cytube..send")
                .hasMessageContaining("daz.core");
        assertThatThrownBy(() -> publisher.publish("cytube.*", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlerRegisteredAfterPublishingSeesLaterEvents() {
        publisher.publish("t", "before");
        RecordingHandler handler = new RecordingHandler();
        bus.register("a", handler, props("t", EventHandler.DELIVERY, "sync"));

        publisher.publish("t", "after");

        assertThat(handler.payloads()).containsExactly("after");
    }

    @Test
    void metricsCountPublishedAndDeliveredPerTopicAndHandler() {
        RecordingHandler handler = new RecordingHandler();
        TestBus.Registration registration = bus.register("a", handler, "t");
        bus.register("b", new RecordingHandler(), props("t", EventHandler.DELIVERY, "sync"));

        for (int i = 0; i < 10; i++) {
            publisher.publish("t", i);
        }

        await("all delivered").until(() -> bus.metricsOf("t").delivered() == 20);
        assertThat(bus.metricsOf("t").published()).isEqualTo(10);
        assertThat(bus.metricsOf(registration).delivered()).isEqualTo(10);
        assertThat(bus.metricsOf(registration).queueCapacity()).isEqualTo(1000);
    }

    @Test
    void aChangeOfServicePropertiesKeepsTheEventsQueuedForTheHandler() throws Exception {
        RecordingHandler handler = new RecordingHandler().hold();
        TestBus.Registration registration = bus.register("daz.eventfilter", handler, props("t"));
        publisher.publish("t", "in-flight");
        assertThat(handler.entered.await(10, TimeUnit.SECONDS)).isTrue();
        publisher.publish("t", "queued-1");
        publisher.publish("t", "queued-2");

        bus.dispatcher.updatedHandler(
                Fakes.serviceObjects(handler),
                Fakes.reference(
                        bus.bundle("daz.eventfilter"),
                        registration.serviceId(),
                        props("t", "service.ranking", 5, EventHandler.TOPICS, new String[] {"t", "u"})));
        publisher.publish("u", "after");
        handler.open();

        await("all four delivered").until(() -> handler.count() == 4);
        assertThat(handler.payloads()).containsExactly("in-flight", "queued-1", "queued-2", "after");
        assertThat(bus.metricsOf(registration).ranking()).isEqualTo(5);
        assertThat(bus.dispatcher.metrics().handlers()).hasSize(1);
    }

    @Test
    void updatedServicePropertiesChangeTheSubscription() {
        RecordingHandler handler = new RecordingHandler();
        TestBus.Registration registration = bus.register("a", handler, props("old", EventHandler.DELIVERY, "sync"));

        bus.dispatcher.updatedHandler(
                Fakes.serviceObjects(handler),
                Fakes.reference(
                        bus.bundle("a"), registration.serviceId(), props("new", EventHandler.DELIVERY, "sync")));
        publisher.publish("old", 1);
        publisher.publish("new", 2);

        assertThat(handler.payloads()).containsExactly(2);
    }
}
