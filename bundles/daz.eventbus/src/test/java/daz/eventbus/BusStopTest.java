package daz.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bus stopping (an update of {@code daz.eventbus}): what it cannot deliver any more is counted per kind and name,
 * in one line, and the handlers still registered first get to run what is queued for them.
 */
class BusStopTest {

    private static Map<String, Object> durable(String name, String topic) {
        return Map.of(EventHandler.TOPICS, topic, EventHandler.DURABLE, name);
    }

    /** Opens the handler's gate once the bus has begun to stop: its call in progress then returns. */
    private static CompletableFuture<Void> openWhenStopping(TestBus bus, RecordingHandler handler) {
        return CompletableFuture.runAsync(() -> {
            await("the bus stopping").pollInterval(1, TimeUnit.MILLISECONDS).until(bus.dispatcher::stopping);
            handler.open();
        });
    }

    @Test
    void stoppingCountsQueuedHeldAndCancelledPerHandlerNameAndBundle() throws Exception {
        TestBus bus = new TestBus(Map.of("workerThreads", 1, "idleSpinMicros", 0, "stopDrainMillis", 0L));
        EventBus publisher = bus.busFor("daz.core");
        RecordingHandler slow = new RecordingHandler().hold();
        TestBus.Registration a = bus.register("daz.plugin.a", slow, "t");
        RecordingHandler behind = new RecordingHandler();
        TestBus.Registration b = bus.register("daz.plugin.b", behind, "t");
        bus.register("daz.plugin.d", new RecordingHandler(), durable("d.handler", "u"))
                .unregister();
        bus.register("daz.plugin.r", new RecordingHandler(), durable("r.handler", "r"))
                .unregister();
        for (int i = 1; i <= 3; i++) {
            publisher.publish("t", i);
        }
        publisher.publish("u", "held 1");
        publisher.publish("u", "held 2");
        CompletionStage<Event> reply = bus.busFor("daz.eventfilter").request("r", "asked");
        // the one bus thread is in the slow handler's first event: the rest waits in the two queues
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> opened = openWhenStopping(bus, slow);

        StopReport report = bus.dispatcher.stop();

        opened.get(10, TimeUnit.SECONDS);
        assertThat(slow.count()).isEqualTo(1);
        assertThat(behind.count()).isZero();
        assertThat(report.queued()).isEqualTo(5);
        assertThat(report.held()).isEqualTo(3);
        assertThat(report.cancelled()).isEqualTo(1);
        assertThat(report.line())
                .startsWith("Event bus stopped: lost 5 events queued for handlers [daz.plugin.a/" + a.serviceId()
                        + "=2, daz.plugin.b/" + b.serviceId() + "=3], 3 events held for durable handlers"
                        + " [d.handler=2, r.handler=1], 1 requests in flight (cancelled) [daz.eventfilter=1]");
        assertThat(reply.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void handlersStillRegisteredRunWhatIsQueuedForThemBeforeTheBusStops() throws Exception {
        TestBus bus = new TestBus(Map.of("workerThreads", 1, "idleSpinMicros", 0, "stopDrainMillis", 10_000L));
        EventBus publisher = bus.busFor("daz.core");
        RecordingHandler slow = new RecordingHandler().hold();
        bus.register("daz.plugin.a", slow, "t");
        RecordingHandler behind = new RecordingHandler();
        bus.register("daz.plugin.b", behind, "t");
        for (int i = 1; i <= 3; i++) {
            publisher.publish("t", i);
        }
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> opened = openWhenStopping(bus, slow);

        StopReport report = bus.dispatcher.stop();

        opened.get(10, TimeUnit.SECONDS);
        assertThat(slow.payloads()).containsExactly(1, 2, 3);
        assertThat(behind.payloads()).containsExactly(1, 2, 3);
        assertThat(report.clean()).isTrue();
        assertThat(report.drained()).isEqualTo(6);
        assertThat(report.line())
                .startsWith("Event bus stopped: lost 0 events queued for handlers, 0 events held for durable handlers,"
                        + " 0 requests in flight (cancelled); ran 6 queued events while draining");
    }

    @Test
    void whatTheBundlesLetGoOfAsTheBusBundleStopsIsCountedWithTheStop() {
        TestBus bus = new TestBus(Map.of("stopDrainMillis", 0L));
        EventBus publisher = bus.busFor("daz.core");
        EventBusImpl asker = bus.busFor("daz.eventfilter");
        TestBus.Registration commands = bus.register("daz.eventfilter", new RecordingHandler(), durable("c", "u"));
        bus.register("daz.plugin.r", new RecordingHandler(), durable("r", "r")).unregister();

        // the framework stops the bus's bundle: its users go first, while the bus still runs
        bus.bundleStopping.set(true);
        CompletionStage<Event> reply = asker.request("r", "asked");
        commands.unregister();
        publisher.publish("u", "said while the bus's users stop");
        asker.deactivate();
        StopReport report = bus.dispatcher.stop();

        assertThat(reply.toCompletableFuture()).isCompletedExceptionally();
        assertThat(report.cancelled()).isEqualTo(1);
        assertThat(report.held()).isEqualTo(2);
        assertThat(report.line()).contains("2 events held for durable handlers [c=1, r=1]", "[daz.eventfilter=1]");
    }
}
