package daz.eventbus;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's configuration, checked: a value that cannot be read or is out of range is logged once, naming it, and
 * replaced by its default, so a typo in {@code daz.eventbus.cfg} never stops the bus.
 *
 * @param queueSizes capacity of each asynchronous handler's queue by its topics
 * @param requestTimeout how long a request waits unless the caller says otherwise
 * @param workerThreads bus threads running asynchronous handlers
 * @param spinNanos how long an idle worker stays awake before it parks
 * @param durableHold how long the events of a durable handler that went away are held for its return
 * @param durableMaxEvents how many events are held at most per durable name
 * @param stopDrain how long a stopping bus lets registered handlers run what is queued for them
 */
record BusSettings(
        QueueSizes queueSizes,
        Duration requestTimeout,
        int workerThreads,
        long spinNanos,
        Duration durableHold,
        int durableMaxEvents,
        Duration stopDrain) {

    static final int MAX_WORKERS = 256;
    static final int MAX_SPIN_MICROS = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(BusSettings.class);

    static BusSettings of(BusConfig config) {
        int defaultSize = valid(
                "defaultQueueSize", config::defaultQueueSize, size -> size >= 1 && size <= QueueSizes.MAX_SIZE, 1000);
        String[] sizes = valid("queueSizes", config::queueSizes, entries -> true, new String[0]);
        long timeoutMillis = valid("requestTimeoutMillis", config::requestTimeoutMillis, ms -> ms > 0, 30_000L);
        int workers = valid("workerThreads", config::workerThreads, n -> n >= 1 && n <= MAX_WORKERS, 4);
        int spinMicros = valid("idleSpinMicros", config::idleSpinMicros, us -> us >= 0 && us <= MAX_SPIN_MICROS, 2000);
        long holdMillis =
                valid("durableHoldMillis", config::durableHoldMillis, ms -> ms >= 0 && ms <= 3_600_000, 10_000L);
        int maxEvents =
                valid("durableMaxEvents", config::durableMaxEvents, n -> n >= 1 && n <= QueueSizes.MAX_SIZE, 10_000);
        long drainMillis = valid("stopDrainMillis", config::stopDrainMillis, ms -> ms >= 0 && ms <= 60_000, 500L);
        return new BusSettings(
                QueueSizes.parse(sizes, defaultSize),
                Duration.ofMillis(timeoutMillis),
                workers,
                TimeUnit.MICROSECONDS.toNanos(spinMicros),
                Duration.ofMillis(holdMillis),
                maxEvents,
                Duration.ofMillis(drainMillis));
    }

    /** A configuration value, or the default with one log line when it is unreadable or out of range. */
    private static <T> T valid(String name, Supplier<T> read, Predicate<T> ok, T fallback) {
        T value;
        try {
            value = read.get();
        } catch (RuntimeException e) {
            LOG.warn("Invalid event bus configuration {} ({}); using {}", name, e.getMessage(), show(fallback));
            return fallback;
        }
        if (value == null || !ok.test(value)) {
            LOG.warn("Invalid event bus configuration {}={}; using {}", name, show(value), show(fallback));
            return fallback;
        }
        return value;
    }

    private static String show(Object value) {
        return value instanceof String[] array ? Arrays.toString(array) : String.valueOf(value);
    }
}
