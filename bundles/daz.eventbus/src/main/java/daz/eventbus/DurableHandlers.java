package daz.eventbus;

import daz.api.bus.EventHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comings and goings of durable handlers ({@link EventHandler#DURABLE}): a durable subscription whose handler
 * went away is held in the {@link SubscriptionTable} under its name, still receiving; the next handler of that name
 * takes it over; one whose handler does not come back within the hold time is released, with a log line saying how
 * many events went with it.
 */
final class DurableHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(DurableHandlers.class);

    private final SubscriptionTable table;
    private final ScheduledExecutorService timer;

    DurableHandlers(SubscriptionTable table, ScheduledExecutorService timer) {
        this.table = table;
        this.timer = timer;
    }

    /** A durable handler went away: its subscription holds its events for the next handler of its name. */
    void hold(DurableSubscription durable, BusSettings current) {
        durable.detach(current.durableMaxEvents());
        if (!table.hold(durable)) {
            LOG.warn(
                    "Durable handler '{}' ({}) went away while events were held for another handler of that name;"
                            + " its {} queued events are dropped",
                    durable.durableName,
                    durable.name(),
                    durable.queueDepth());
            table.remove(durable.serviceId());
            durable.close();
            return;
        }
        try {
            durable.releaseAfter(timer.schedule(
                    () -> release(durable, current.durableHold()),
                    current.durableHold().toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException stopping) {
            return; // the bus is stopping: everything is closed anyway
        }
        LOG.info(
                "Durable handler '{}' ({}) went away; holding its events for {} ms ({} queued)",
                durable.durableName,
                durable.name(),
                current.durableHold().toMillis(),
                durable.queueDepth());
    }

    /**
     * A durable handler went away because the bus itself is stopping (its bundle's users go first): what is held for
     * it now cannot reach a next handler, so it is held quietly, without a release timer, and counted when the bus
     * stops.
     */
    void holdUntilStop(DurableSubscription durable, BusSettings current, StopReport lost) {
        durable.detach(current.durableMaxEvents());
        if (!table.hold(durable)) {
            lost.held(durable.durableName, durable.queueDepth());
            table.remove(durable.serviceId());
            durable.close();
        }
    }

    private void release(DurableSubscription durable, Duration hold) {
        if (table.release(durable)) {
            durable.close();
            LOG.warn(
                    "Durable handler '{}' ({}) did not come back within {} ms: released {} held events ({} dropped"
                            + " before as over the bound)",
                    durable.durableName,
                    durable.name(),
                    hold.toMillis(),
                    durable.queueDepth(),
                    durable.droppedOldest());
        }
    }

    /** A durable handler registered: if events are held for its name, it takes them over. */
    boolean resume(ComponentServiceObjects<EventHandler> handler, HandlerProperties properties) {
        Optional<DurableSubscription> held = table.held(properties.durable().orElseThrow());
        if (held.isEmpty()) {
            return false;
        }
        DurableSubscription durable = held.get();
        if (durable.sync != properties.sync() || !table.resume(durable, properties.serviceId())) {
            if (table.release(durable)) {
                LOG.warn(
                        "Durable handler '{}' came back with another delivery mode: {} held events dropped",
                        durable.durableName,
                        durable.queueDepth());
                durable.close();
            }
            return false;
        }
        int held0 = durable.queueDepth();
        durable.attach(handler, properties);
        table.changed(); // re-sorted under its new service id and ranking, re-routed by its new topics
        LOG.info(
                "Durable handler '{}' is back ({}): handing over {} held events ({} dropped while away)",
                durable.durableName,
                durable.name(),
                held0,
                durable.droppedOldest());
        return true;
    }
}
