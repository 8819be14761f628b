package daz.core;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.cytube.OutgoingChat;
import daz.api.cytube.OutgoingPrivateMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes {@code cytube.send.chat} and {@code cytube.send.pm} and queues them on their channel's connection. It runs on
 * the publisher's thread (synchronous delivery) so no bus queue can drop a reply; queueing is all it does.
 *
 * <p>An update of {@code daz.core} loses no reply. The router is durable ({@code daz.durable=daz.core.outbound}):
 * while the bundle is away the bus holds the replies for the next revision's router. A reply for a channel whose
 * connection is not (or no longer) in the {@link ChannelRegistry} is held in order ({@link HeldReplies}, up to
 * {@link #HOLD_MILLIS} ms and {@link #HOLD_MAX} replies per channel) and goes out when the channel registers; one
 * that waits longer is dropped with a log line. What is still held when this router stops is published again, after
 * its service is gone, so that the bus holds it for the next revision.
 */
@Component(service = EventHandler.class, property = EventHandler.DURABLE + "=" + OutboundRouter.DURABLE_NAME)
@Subscription(
        topics = {OutgoingChat.TOPIC, OutgoingPrivateMessage.TOPIC},
        delivery = EventHandler.DELIVERY_SYNC)
public class OutboundRouter implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundRouter.class);

    /** The router's durable name on the bus. */
    static final String DURABLE_NAME = "daz.core.outbound";
    /** How long a reply waits for its channel to register. */
    static final long HOLD_MILLIS = 5_000;
    /** How many replies wait per channel at most. */
    static final int HOLD_MAX = 1_000;

    /** One reply: its channel, recipient (empty: chat) and text. */
    private record Outgoing(String channel, Optional<String> to, String text) {}

    private final ChannelRegistry registry;
    private final EventBus bus;
    private final LongSupplier clock;
    private final HeldReplies held = new HeldReplies(HOLD_MILLIS, HOLD_MAX);
    private final ScheduledExecutorService sweeper;
    private final AtomicLong dropped = new AtomicLong();
    private ScheduledFuture<?> sweep;
    private boolean stopped;

    @Activate
    public OutboundRouter(@Reference ChannelRegistry registry, @Reference EventBus bus) {
        this(registry, bus, System::currentTimeMillis, sweeperThread());
    }

    /** With the clock that dates held replies and the scheduler that runs {@link #sweep()} when the next expires. */
    OutboundRouter(ChannelRegistry registry, EventBus bus, LongSupplier clock, ScheduledExecutorService sweeper) {
        this.registry = registry;
        this.bus = bus;
        this.clock = clock;
        this.sweeper = sweeper;
        registry.onAdd(this::channelAdded);
        registry.onRetire(this::channelRetiring);
    }

    private static ScheduledExecutorService sweeperThread() {
        ScheduledThreadPoolExecutor sweeper = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "daz-core-outbound-hold");
            t.setDaemon(true);
            return t;
        });
        sweeper.setKeepAliveTime(1, TimeUnit.SECONDS);
        sweeper.allowCoreThreadTimeOut(true);
        sweeper.setRemoveOnCancelPolicy(true);
        return sweeper;
    }

    @Override
    public void handle(Event event) {
        Optional<Outgoing> outgoing = parse(event);
        if (outgoing.isEmpty()) {
            return;
        }
        Outgoing out = outgoing.get();
        synchronized (held) {
            Optional<CytubeChannel> connection = registry.find(out.channel());
            if (connection.isPresent() && !held.holds(out.channel())) {
                connection.get().send(event, out.to(), out.text());
                return;
            }
            if (!stopped && held.hold(out.channel(), event, clock.getAsLong())) {
                scheduleSweep();
                return;
            }
        }
        if (stopped) {
            publishAgain(List.of(new HeldReplies.Held(out.channel(), event, clock.getAsLong())));
        } else {
            drop(out.channel(), event, "more than " + HOLD_MAX + " replies wait for it");
        }
    }

    /** A channel registered: what waits for it goes out, in order, before anything newer. */
    void channelAdded(CytubeChannel connection) {
        synchronized (held) {
            List<HeldReplies.Held> waiting = held.take(connection.channel());
            if (!waiting.isEmpty()) {
                LOG.info("Channel {}: sending {} replies held while it was away", connection.channel(), waiting.size());
            }
            for (HeldReplies.Held h : waiting) {
                parse(h.event()).ifPresent(out -> connection.send(h.event(), out.to(), out.text()));
            }
        }
    }

    /**
     * A channel's connection stops: it leaves the registry and hands its unsent lines back on the bus, which brings
     * them here to be held; under the lock, so that they go before any reply that comes meanwhile.
     */
    void channelRetiring(CytubeChannel connection, Runnable retire) {
        synchronized (held) {
            retire.run();
        }
    }

    /** Drops what waited past the hold time; reschedules itself while anything is held. */
    void sweep() {
        List<HeldReplies.Held> expired;
        synchronized (held) {
            sweep = null;
            expired = held.expired(clock.getAsLong());
            scheduleSweep();
        }
        for (HeldReplies.Held h : expired) {
            drop(h.channel(), h.event(), "it did not register within " + HOLD_MILLIS + " ms");
        }
    }

    /** How many replies were dropped because their channel did not register in time. */
    long dropped() {
        return dropped.get();
    }

    /** How many replies wait for their channel. */
    int held() {
        synchronized (held) {
            return held.size();
        }
    }

    /**
     * Called once the router's service is gone: what still waits is published again, so that the bus holds it for
     * the next revision's router (or counts it as dropped when none comes).
     */
    @Deactivate
    void stop() {
        registry.onAdd(null);
        registry.onRetire(null);
        List<HeldReplies.Held> waiting;
        synchronized (held) {
            stopped = true;
            waiting = held.drain();
        }
        sweeper.shutdownNow();
        publishAgain(waiting);
    }

    private void publishAgain(List<HeldReplies.Held> waiting) {
        if (waiting.isEmpty()) {
            return;
        }
        LOG.info("Handing {} replies that wait for their channel to the bus for the next daz.core", waiting.size());
        for (HeldReplies.Held h : waiting) {
            try {
                bus.publish(h.event().topic(), h.event().payload());
            } catch (RuntimeException e) {
                drop(h.channel(), h.event(), "the bus did not take it back (" + e + ")");
            }
        }
    }

    private void scheduleSweep() {
        long next = held.nextExpiryMillis();
        if (next < 0 || sweep != null || stopped) {
            return;
        }
        sweep = sweeper.schedule(this::sweep, Math.max(0, next - clock.getAsLong()), TimeUnit.MILLISECONDS);
    }

    private void drop(String channel, Event event, String why) {
        LOG.warn(
                "Channel {}: no such channel is configured; message from {} on {} dropped: {} ({} dropped so far)",
                channel,
                event.source(),
                event.topic(),
                why,
                dropped.incrementAndGet());
        if (event.isRequest()) {
            bus.fail(event, "channel " + channel + " is not configured");
        }
    }

    private static Optional<Outgoing> parse(Event event) {
        if (event.payload() instanceof OutgoingChat chat) {
            return Optional.of(new Outgoing(chat.channel(), Optional.empty(), chat.text()));
        }
        if (event.payload() instanceof OutgoingPrivateMessage pm) {
            return Optional.of(new Outgoing(pm.channel(), Optional.of(pm.to()), pm.text()));
        }
        LOG.warn(
                "Topic {} from {}: payload is a {}, not an {} or {}: dropped",
                event.topic(),
                event.source(),
                event.payload().getClass().getName(),
                OutgoingChat.class.getSimpleName(),
                OutgoingPrivateMessage.class.getSimpleName());
        return Optional.empty();
    }
}
