package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A quick sanity check of the bus on plain Java, without JMH or OSGi: one publisher thread, handlers that only count
 * (and record latency). The real comparison with EventAdmin runs in Felix ({@code itests/benchmarks}). Run with
 * {@code java -cp ... daz.eventbus.BusMicrobenchmark [throughput|latency|isolation|all]}.
 */
public final class BusMicrobenchmark {

    private static final String TOPIC = "bench.event";

    private BusMicrobenchmark() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        if (what.equals("all") || what.equals("throughput")) {
            for (int handlers : new int[] {1, 4, 16}) {
                throughput(handlers, false, 5_000_000);
                throughput(handlers, true, 5_000_000);
            }
        }
        if (what.equals("all") || what.equals("latency")) {
            latency(10_000, 4, 5);
        }
        if (what.equals("all") || what.equals("isolation")) {
            isolation(1_000, 10, false);
            isolation(1_000, 10, true);
        }
    }

    /** Counts and, when given an array, records publish→handle latency of each event. */
    static final class CountingHandler implements EventHandler {
        volatile long count;
        /** The count {@link #await} waits for, and its thread: woken when the count gets there. */
        volatile long wanted = Long.MAX_VALUE;

        volatile Thread waiter;
        TestBus.Registration registration;
        final long[] latencies;
        final long slowNanos;
        final boolean sleep;

        CountingHandler(long[] latencies, long slowNanos, boolean sleep) {
            this.latencies = latencies;
            this.slowNanos = slowNanos;
            this.sleep = sleep;
        }

        @Override
        public void handle(Event event) {
            long c = count;
            if (latencies != null && c < latencies.length) {
                latencies[(int) c] = System.nanoTime() - event.nanoTime();
            }
            if (slowNanos > 0) {
                if (sleep) {
                    LockSupport.parkNanos(slowNanos);
                } else {
                    long until = System.nanoTime() + slowNanos;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
            }
            count = c + 1;
            if (c + 1 >= wanted) {
                LockSupport.unpark(waiter);
            }
        }
    }

    static void throughput(int handlerCount, boolean sync, int events) throws Exception {
        // Big queues: this measures delivery, not dropping.
        try (TestBus bus = new TestBus(Map.of(
                "queueSizes",
                new String[] {"bench.>=" + Integer.getInteger("queue", 262144)},
                "workerThreads",
                Integer.getInteger("workers", 4)))) {
            List<CountingHandler> handlers = new ArrayList<>();
            for (int i = 0; i < handlerCount; i++) {
                CountingHandler handler = new CountingHandler(null, 0, false);
                handlers.add(handler);
                handler.registration = bus.register(
                        "bench.handlers",
                        handler,
                        Map.of(
                                EventHandler.TOPICS,
                                TOPIC,
                                EventHandler.DELIVERY,
                                sync ? EventHandler.DELIVERY_SYNC : EventHandler.DELIVERY_ASYNC));
            }
            EventBus publisher = bus.busFor("bench.publisher");
            Integer payload = 42;
            long best = 0;
            long publishRate = 0;
            long expected = 0;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    publisher.publish(TOPIC, payload);
                }
                expected += events;
                long published = System.nanoTime();
                for (CountingHandler handler : handlers) {
                    while (handler.count + bus.metricsOf(handler.registration).dropped() < expected) {
                        Thread.onSpinWait();
                    }
                }
                long elapsed = System.nanoTime() - start;
                long rate = events * 1_000_000_000L / elapsed;
                if (rate > best) {
                    best = rate;
                    publishRate = events * 1_000_000_000L / (published - start);
                }
            }
            long dropped = bus.metricsOf(TOPIC).dropped();
            System.out.printf(
                    Locale.ROOT,
                    "throughput %-5s handlers=%2d: %,d events/s fully delivered (best of 5 rounds of %,d; publishing alone"
                            + " %,d/s), dropped=%d%n",
                    sync ? "sync" : "async",
                    handlerCount,
                    best,
                    events,
                    publishRate,
                    dropped);
        }
    }

    static void latency(int rate, int handlerCount, int seconds) throws Exception {
        try (TestBus bus = new TestBus(Map.of(
                "workerThreads",
                Integer.getInteger("workers", 4),
                "idleSpinMicros",
                Integer.getInteger("spin", 2000)))) {
            int total = rate * seconds;
            List<CountingHandler> handlers = new ArrayList<>();
            for (int i = 0; i < handlerCount; i++) {
                CountingHandler handler = new CountingHandler(new long[total], 0, false);
                handlers.add(handler);
                handler.registration = bus.register("bench.handlers", handler, TOPIC);
            }
            EventBus publisher = bus.busFor("bench.publisher");
            paced(publisher, rate, rate); // warm-up second
            for (CountingHandler handler : handlers) {
                await(handler, rate);
                handler.count = 0;
            }
            paced(publisher, rate, total);
            List<long[]> all = new ArrayList<>();
            for (CountingHandler handler : handlers) {
                await(handler, total);
                all.add(handler.latencies);
            }
            System.out.printf(
                    Locale.ROOT,
                    "latency %,d events/s, %d async handlers: %s, dropped=%d%n",
                    rate,
                    handlerCount,
                    percentiles(all),
                    bus.metricsOf(TOPIC).dropped());
        }
    }

    static void isolation(int rate, int seconds, boolean sleep) throws Exception {
        try (TestBus bus = new TestBus()) {
            int total = rate * seconds;
            CountingHandler slow = new CountingHandler(null, TimeUnit.MILLISECONDS.toNanos(2), sleep);
            bus.register("bench.slow", slow, TOPIC);
            List<CountingHandler> fast = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CountingHandler handler = new CountingHandler(new long[total], 0, false);
                fast.add(handler);
                bus.register("bench.handlers", handler, TOPIC);
            }
            EventBus publisher = bus.busFor("bench.publisher");
            paced(publisher, rate, total);
            List<long[]> all = new ArrayList<>();
            for (CountingHandler handler : fast) {
                await(handler, total);
                all.add(handler.latencies);
            }
            HandlerMetrics slowMetrics = bus.dispatcher.metrics().handlers().stream()
                    .filter(h -> h.bundle().equals("bench.slow"))
                    .findFirst()
                    .orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "isolation %,d events/s, 1 slow (2 ms, %s) + 3 fast handlers: fast %s; slow: delivered=%d dropped=%d"
                            + " queue=%d/%d%n",
                    rate,
                    sleep ? "sleeping" : "busy",
                    percentiles(all),
                    slowMetrics.delivered(),
                    slowMetrics.dropped(),
                    slowMetrics.queueDepth(),
                    slowMetrics.queueCapacity());
        }
    }

    /** Publishes {@code count} events at a fixed rate, by the clock, not by sleeping. */
    private static void paced(EventBus publisher, int rate, int count) {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        Integer payload = 7;
        for (int i = 0; i < count; i++) {
            next += interval;
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            publisher.publish(TOPIC, payload);
        }
    }

    private static void await(CountingHandler handler, long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        handler.waiter = Thread.currentThread();
        handler.wanted = count;
        while (handler.count < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("handler got " + handler.count + " of " + count + "; "
                        + (handler.registration == null
                                ? ""
                                : handler.registration.bus().metricsOf(handler.registration)));
            }
            LockSupport.parkNanos(handler, left); // the handler unparks this thread when the count gets there
        }
        handler.wanted = Long.MAX_VALUE;
    }

    private static String percentiles(List<long[]> latencies) {
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return String.format(
                Locale.ROOT,
                "p50=%.1f µs p99=%.1f µs p99.9=%.1f µs max=%.1f µs",
                all[all.length / 2] / 1000.0,
                all[(int) (all.length * 0.99)] / 1000.0,
                all[(int) (all.length * 0.999)] / 1000.0,
                all[all.length - 1] / 1000.0);
    }
}
