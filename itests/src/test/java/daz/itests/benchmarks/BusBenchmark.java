package daz.itests.benchmarks;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;

/**
 * {@code itests/benchmarks/run bus}: the Daz bus and Apache Felix EventAdmin 1.6.4 in the same Felix, on the same
 * work, one publisher thread, handlers that only count and record latency. Not part of the test suite (no *IT);
 * results go to {@code target/benchmarks/bus.txt}, whose last line the script prints.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusBenchmark extends DazTestSupport {

    private static final int EVENTS = Integer.getInteger("bench.events", 400_000);
    private static final int RATE = 10_000;

    @Inject
    EventBus bus;

    @Inject
    EventAdmin eventAdmin;

    @Inject
    ConfigurationAdmin configAdmin;

    private PrintStream out;

    @Override
    protected Option[] testOptions() {
        return new Option[] {bundle(System.getProperty("eventadmin.jar"))};
    }

    /** A handler of either bus: counts, and records publish→handle latency of every event. */
    static final class Recorder {
        final long delayNanos;
        final AtomicInteger count = new AtomicInteger();
        final long[] latencies;
        final AtomicInteger recorded = new AtomicInteger();

        Recorder(int capacity, long delayNanos) {
            this.latencies = new long[capacity];
            this.delayNanos = delayNanos;
        }

        void record(long publishedNanos) {
            long latency = System.nanoTime() - publishedNanos;
            int i = recorded.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = latency;
            }
            if (delayNanos > 0) {
                // the slow handler's work: 2 ms per event
                LockSupport.parkNanos(delayNanos);
            }
            count.incrementAndGet();
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(latencies, Math.min(recorded.get(), latencies.length));
            Arrays.sort(copy);
            return copy;
        }
    }

    /** Registered handlers of one system, removed together. */
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    private List<Recorder> dazHandlers(String topic, int n, boolean sync, int capacity, long slowNanos) {
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Recorder r = new Recorder(capacity, i == 0 ? slowNanos : 0);
            recorders.add(r);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(EventHandler.TOPICS, topic);
            props.put(EventHandler.DELIVERY, sync ? EventHandler.DELIVERY_SYNC : EventHandler.DELIVERY_ASYNC);
            registrations.add(
                    context.registerService(EventHandler.class, (EventHandler) e -> r.record(e.nanoTime()), props));
        }
        return recorders;
    }

    private List<Recorder> eaHandlers(String topic, int n, int capacity, long slowNanos) {
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Recorder r = new Recorder(capacity, i == 0 ? slowNanos : 0);
            recorders.add(r);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(EventConstants.EVENT_TOPIC, topic.replace('.', '/'));
            registrations.add(context.registerService(
                    org.osgi.service.event.EventHandler.class,
                    (org.osgi.service.event.EventHandler) e -> r.record((Long) e.getProperty("t")),
                    props));
        }
        return recorders;
    }

    private void unregisterAll() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    private static org.osgi.service.event.Event eaEvent(String topic) {
        return new org.osgi.service.event.Event(topic, Map.of("t", System.nanoTime()));
    }

    private void configureEventAdmin(Integer timeout) throws Exception {
        Configuration config = configAdmin.getConfiguration("org.apache.felix.eventadmin.impl.EventAdmin", null);
        Dictionary<String, Object> props = new Hashtable<>();
        if (timeout != null) {
            props.put("org.apache.felix.eventadmin.Timeout", timeout);
        }
        config.update(props);
        // EventAdmin re-creates itself on a configuration change; let it settle
        Await.until(Duration.ofSeconds(10), "EventAdmin reconfigured", () -> {
            List<Recorder> probe = eaHandlers("bench/probe", 1, 1, 0);
            eventAdmin.sendEvent(eaEvent("bench/probe"));
            boolean ok = probe.get(0).count.get() == 1;
            unregisterAll();
            return ok;
        });
    }

    /** Events fully delivered to every handler per second: the clock stops when the slowest handler has all. */
    private double dazThroughput(int handlers, boolean sync) {
        List<Recorder> recorders = dazHandlers("bench.tp", handlers, sync, 1, 0);
        warmUp(() -> bus.publish("bench.tp", "x"), recorders, 20_000);
        long start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            bus.publish("bench.tp", "x");
        }
        awaitAll(recorders, 20_000 + EVENTS);
        double rate = EVENTS / ((System.nanoTime() - start) / 1e9);
        unregisterAll();
        return rate;
    }

    private double eaThroughput(int handlers, boolean sync) {
        List<Recorder> recorders = eaHandlers("bench.tp", handlers, 1, 0);
        warmUp(() -> eventAdmin.postEvent(eaEvent("bench/tp")), recorders, 20_000);
        long start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            org.osgi.service.event.Event e = eaEvent("bench/tp");
            if (sync) {
                eventAdmin.sendEvent(e);
            } else {
                eventAdmin.postEvent(e);
            }
        }
        awaitAll(recorders, 20_000 + EVENTS);
        double rate = EVENTS / ((System.nanoTime() - start) / 1e9);
        unregisterAll();
        return rate;
    }

    private static void warmUp(Runnable publish, List<Recorder> recorders, int n) {
        for (int i = 0; i < n; i++) {
            publish.run();
        }
        awaitAll(recorders, n);
    }

    private static void awaitAll(List<Recorder> recorders, int n) {
        Await.until(
                Duration.ofMinutes(5),
                "every handler to receive " + n,
                () -> recorders.stream().allMatch(r -> r.count.get() >= n));
    }

    /** Publishes at a fixed rate for the given time, pacing by spinning on the clock. */
    private static void paced(int perSecond, Duration duration, Runnable publish) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long total = duration.toNanos() / interval;
        long next = System.nanoTime();
        for (long i = 0; i < total; i++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            publish.run();
            next += interval;
        }
    }

    /** A second of warm-up at {@link #RATE}, counters reset, then 5 s at that rate, all delivered. */
    private static void paceAfterWarmUp(List<Recorder> recorders, Runnable publish) {
        paced(RATE, Duration.ofSeconds(1), publish);
        awaitAll(recorders, RATE);
        recorders.forEach(r -> {
            r.recorded.set(0);
            r.count.set(0);
        });
        paced(RATE, Duration.ofSeconds(5), publish);
        awaitAll(recorders, RATE * 5);
    }

    private static long percentileMicros(List<Recorder> recorders, double p) {
        long[] all = recorders.stream()
                .flatMapToLong(r -> Arrays.stream(r.sorted()))
                .sorted()
                .toArray();
        if (all.length == 0) {
            return -1;
        }
        return all[Math.min(all.length - 1, (int) Math.ceil(p * all.length) - 1)] / 1000;
    }

    private void print(String line) {
        out.println(line);
        System.out.println(line);
    }

    @Test
    public void busAgainstEventAdmin() throws Exception {
        Path results = Path.of(System.getProperty("bench.out", "target/benchmarks/bus.txt"));
        Files.createDirectories(results.getParent());
        out = new PrintStream(Files.newOutputStream(results), true, StandardCharsets.UTF_8);
        try {
            run();
        } finally {
            out.close();
        }
    }

    private void run() throws Exception {
        // the benchmark's topics get queues large enough that the throughput runs drop nothing
        Configuration busConfig = configAdmin.getConfiguration("daz.eventbus", null);
        Dictionary<String, Object> busProps = new Hashtable<>();
        busProps.put(
                "queueSizes",
                new String[] {"bench.tp=2000000", "bench.lat=100000", "bench.mixed=100000", "bench.iso=1000"});
        busConfig.update(busProps);
        Await.until(Duration.ofSeconds(10), "the bus reconfigured", () -> {
            List<Recorder> probe = dazHandlers("bench.probe", 1, false, 1, 0);
            bus.publish("bench.probe", "x");
            boolean ok =
                    Await.poll(Duration.ofSeconds(2), () -> probe.get(0).count.get() == 1);
            unregisterAll();
            return ok;
        });

        print("# bus benchmark: " + EVENTS + " events per throughput run, one publisher thread, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        configureEventAdmin(null);
        double eaDefaultAsync4 = eaThroughput(4, false);
        double eaDefaultSync4 = eaThroughput(4, true);
        print(String.format(
                "EventAdmin default config (Timeout=5000): async 4 handlers %.0f/s, sync %.0f/s",
                eaDefaultAsync4, eaDefaultSync4));
        configureEventAdmin(0);

        double asyncRatio4 = 0;
        double syncRatio4 = 0;
        for (int handlers : new int[] {1, 4, 16}) {
            double oursAsync = dazThroughput(handlers, false);
            double eaAsync = eaThroughput(handlers, false);
            double oursSync = dazThroughput(handlers, true);
            double eaSync = eaThroughput(handlers, true);
            print(String.format(
                    "throughput %2d handlers: async daz %,.0f/s EventAdmin %,.0f/s (x%.2f); sync daz %,.0f/s"
                            + " EventAdmin %,.0f/s (x%.2f)",
                    handlers, oursAsync, eaAsync, oursAsync / eaAsync, oursSync, eaSync, oursSync / eaSync));
            if (handlers == 4) {
                asyncRatio4 = oursAsync / eaAsync;
                syncRatio4 = oursSync / eaSync;
            }
        }

        // (b) latency at 10,000 events/s, 4 handlers
        int latencyEvents = RATE * 5;
        List<Recorder> daz = dazHandlers("bench.lat", 4, false, latencyEvents, 0);
        paceAfterWarmUp(daz, () -> bus.publish("bench.lat", "w"));
        long dazP50 = percentileMicros(daz, 0.50);
        long dazP99 = percentileMicros(daz, 0.99);
        unregisterAll();
        List<Recorder> ea = eaHandlers("bench.lat", 4, latencyEvents, 0);
        paceAfterWarmUp(ea, () -> eventAdmin.postEvent(eaEvent("bench/lat")));
        long eaP50 = percentileMicros(ea, 0.50);
        long eaP99 = percentileMicros(ea, 0.99);
        unregisterAll();
        print(String.format(
                "latency at %,d/s, 4 async handlers: daz p50 %d µs p99 %d µs; EventAdmin p50 %d µs p99 %d µs",
                RATE, dazP50, dazP99, eaP50, eaP99));

        // (b2) the same behind a synchronous handler doing 5 µs of work per event (the journal append's place)
        Dictionary<String, Object> journalProps = new Hashtable<>();
        journalProps.put(EventHandler.TOPICS, "bench.mixed");
        journalProps.put(EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC);
        registrations.add(context.registerService(
                EventHandler.class,
                (EventHandler) e -> {
                    long until = System.nanoTime() + 5_000;
                    while (System.nanoTime() - until < 0) {
                        Thread.onSpinWait();
                    }
                },
                journalProps));
        List<Recorder> mixed = dazHandlers("bench.mixed", 4, false, latencyEvents, 0);
        paceAfterWarmUp(mixed, () -> bus.publish("bench.mixed", "w"));
        long mixedP50 = percentileMicros(mixed, 0.50);
        long mixedP99 = percentileMicros(mixed, 0.99);
        unregisterAll();
        print(String.format(
                "latency at %,d/s, 4 async handlers behind 1 sync handler (5 µs per event): daz p50 %d µs p99 %d µs",
                RATE, mixedP50, mixedP99));

        // (c) isolation: one of 4 handlers takes 2 ms per event, 1,000 events/s for 10 s
        int isoEvents = 10_000;
        long slow = TimeUnit.MILLISECONDS.toNanos(2);
        List<Recorder> dazIso = dazHandlers("bench.iso", 4, false, isoEvents, slow);
        paced(1_000, Duration.ofSeconds(10), () -> bus.publish("bench.iso", "x"));
        Await.until(
                Duration.ofSeconds(30),
                "the fast handlers",
                () -> dazIso.subList(1, 4).stream().allMatch(r -> r.count.get() >= isoEvents));
        long dazIsoP99 = percentileMicros(dazIso.subList(1, 4), 0.99);
        int dazSlowHandled = dazIso.get(0).count.get();
        unregisterAll();

        List<Recorder> eaIso = eaHandlers("bench.iso", 4, isoEvents, slow);
        long eaStart = System.nanoTime();
        paced(1_000, Duration.ofSeconds(10), () -> eventAdmin.postEvent(eaEvent("bench/iso")));
        Await.until(
                Duration.ofMinutes(2),
                "EventAdmin's handlers",
                () -> eaIso.stream().allMatch(r -> r.count.get() >= isoEvents));
        long eaDrainMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - eaStart);
        long eaIsoP99 = percentileMicros(eaIso.subList(1, 4), 0.99);
        unregisterAll();
        print(String.format(
                "isolation (1 of 4 handlers 2 ms/event, 1,000/s for 10 s): daz fast p99 %d µs, slow"
                        + " handler handled %,d of %,d (rest dropped and counted by its bounded queue); EventAdmin"
                        + " fast p99 %d µs, all handlers served in turn by one thread, done after %,d ms",
                dazIsoP99, dazSlowHandled, isoEvents, eaIsoP99, eaDrainMs));

        print(String.format(
                "bus: async_ratio=%.2f sync_ratio=%.2f p99_us=%d mixed_p50_us=%d mixed_p99_us=%d isolation_p99_us=%d"
                        + " ea_isolation_p99_us=%d",
                asyncRatio4, syncRatio4, dazP99, mixedP50, mixedP99, dazIsoP99, eaIsoP99));
    }
}
