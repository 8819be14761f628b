package daz.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static long busThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("daz-eventbus"))
                .filter(Thread::isAlive)
                .count();
    }

    @Test
    void deactivationLeavesNoBusThreadBehind() throws Exception {
        TestBus bus = new TestBus(Map.of("workerThreads", 3));
        RecordingHandler slow = new RecordingHandler().hold();
        bus.register("a", slow, "t");
        bus.register("b", new RecordingHandler(), "t");
        bus.busFor("c").publish("t", 1);
        bus.busFor("c").request("t", 2);
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(busThreads()).isGreaterThanOrEqualTo(4);

        slow.open();
        bus.close();

        assertThat(busThreads()).isZero();
    }

    @Test
    void workerThreadsAreNamedAndAsManyAsConfigured() {
        try (TestBus bus = new TestBus(Map.of("workerThreads", 2))) {
            assertThat(bus.dispatcher.metrics().workerThreads()).isEqualTo(2);
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                    .contains("daz-eventbus-worker-1", "daz-eventbus-worker-2")
                    .doesNotContain("daz-eventbus-worker-3");
        }
    }

    @Test
    void reconfiguringWorkerThreadsResizesThePoolWithoutLosingEvents() {
        try (TestBus bus = new TestBus(Map.of("workerThreads", 4))) {
            RecordingHandler handler = new RecordingHandler();
            bus.register("a", handler, "t");

            bus.dispatcher.modified(Fakes.config(Map.of("workerThreads", 1)));
            bus.busFor("b").publish("t", "x");

            await("delivered").until(() -> handler.count() == 1);
            assertThat(bus.dispatcher.metrics().workerThreads()).isEqualTo(1);
            await("retired threads ended").until(() -> busThreads() == 1);
        }
    }

    @Test
    void invalidConfigurationFallsBackToDefaultsAndTheBusServes() {
        Map<String, Object> broken = Map.of(
                "workerThreads", -2,
                "defaultQueueSize", 0,
                "requestTimeoutMillis", new IllegalArgumentException("not a number: 'soon'"),
                "idleSpinMicros", -1,
                "queueSizes", new String[] {"garbage", "t=7"});
        try (TestBus bus = new TestBus(broken)) {
            RecordingHandler handler = new RecordingHandler();
            TestBus.Registration registration = bus.register("a", handler, "t");
            TestBus.Registration other = bus.register("a", new RecordingHandler(), "u");

            bus.busFor("b").publish("t", "x");

            await("delivered").until(() -> handler.count() == 1);
            assertThat(bus.dispatcher.metrics().workerThreads()).isEqualTo(4);
            assertThat(bus.metricsOf(registration).queueCapacity()).isEqualTo(7);
            assertThat(bus.metricsOf(other).queueCapacity()).isEqualTo(1000);
            assertThat(bus.dispatcher.defaultRequestTimeout()).hasSeconds(30);
        }
    }

    @Test
    void busCommandShowsTopicsAndHandlers() {
        try (TestBus bus = new TestBus()) {
            bus.register("daz.plugin.help", new RecordingHandler(), "command.help");
            bus.busFor("daz.eventfilter").publish("command.help", "x");
            await("delivered").until(() -> bus.metricsOf("command.help").delivered() == 1);

            String table = new BusCommand(bus.dispatcher).bus();

            assertThat(table).contains("command.help", "daz.plugin.help/", "Published", "async", "0/1000");
            assertThat(Arrays.stream(table.split("\n")).filter(l -> l.startsWith("command.help")))
                    .singleElement()
                    .satisfies(
                            line -> assertThat(line.split("\\s+")).containsExactly("command.help", "1", "1", "0", "0"));
        }
    }

    @Test
    void handlerThatLeavesItsThreadInterruptedDoesNotBreakTheWorker() {
        try (TestBus bus = new TestBus(Map.of("workerThreads", 1, "idleSpinMicros", 0))) {
            RecordingHandler handler = new RecordingHandler() {
                @Override
                public void handle(daz.api.bus.Event event) throws Exception {
                    super.handle(event);
                    Thread.currentThread().interrupt();
                }
            };
            bus.register("a", handler, "t");

            bus.busFor("b").publish("t", 1);
            await("first delivered").until(() -> handler.count() == 1);
            await("worker parked")
                    .until(() -> Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("daz-eventbus-worker-1"))
                            .anyMatch(t -> t.getState() == Thread.State.WAITING));
            bus.busFor("b").publish("t", 2);

            await("second delivered").until(() -> handler.count() == 2);
        }
    }
}
