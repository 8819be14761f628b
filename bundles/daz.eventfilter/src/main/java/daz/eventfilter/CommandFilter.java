package daz.eventfilter;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.command.CommandOrigin;
import daz.api.command.CommandRequest;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.OutgoingChat;
import daz.api.cytube.OutgoingPrivateMessage;
import daz.api.cytube.Rank;
import daz.api.cytube.User;
import daz.api.sql.Database;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes chat lines and PMs from the bus and turns those that are commands into {@code command.<name>} requests
 * ({@link CommandDispatcher} holds the rules). Ignores the join backlog, server whispers and the bot's own lines.
 *
 * <p>A line for a channel whose {@link ChannelState} is gone for a moment (the Core is being updated) waits for the
 * channel's next {@code daz.connection.ready}, in order ({@link AwaitingChannel}: at most 5 s and 200 lines per
 * channel; past that it is dropped with a log line), instead of being lost.
 *
 * <p>Durable ({@code daz.durable=daz.eventfilter.commands}): while the EventFilter is updated or restarted, the bus
 * holds the chat lines for the next one, and this one answers the commands it took before it lets its bus go, so an
 * update loses no command.
 *
 * <p>It has no configuration of its own: prefix, admins, limits and the command timeout are read from the
 * {@link CommandRegistry} (PID {@code daz.eventfilter}) for each line, so an edit of {@code etc/daz.eventfilter.cfg}
 * applies to the next line and restarts neither this handler nor the catalogue.
 */
@Component(
        service = {EventHandler.class, PluginHealth.class},
        // active with its bundle: says so in the log, and its status counts from then, not from the first chat line
        immediate = true,
        property = EventHandler.DURABLE + "=" + CommandFilter.DURABLE_NAME)
@Subscription(topics = {"cytube.event.chatMsg", "cytube.event.pm", CommandFilter.READY_TOPIC})
public class CommandFilter implements EventHandler, PluginHealth {

    private static final Logger LOG = LoggerFactory.getLogger(CommandFilter.class);

    /** The durable name of the chat handler. */
    static final String DURABLE_NAME = "daz.eventfilter.commands";
    /** A channel is ready: the lines that waited for it run. */
    static final String READY_TOPIC = ConnectionState.TOPIC_PREFIX + "ready";
    /** How long a line waits for its channel to be back (a Core update takes a few hundred ms). */
    static final long AWAIT_MILLIS = 5_000;
    /** How many lines wait per channel at most. */
    static final int AWAIT_MAX = 200;

    private final EventBus bus;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ChannelState> channels;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Database database;

    private final CommandDispatcher dispatcher;
    private final AuditLog audit;
    private final Instant started = Instant.now();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong dispatched = new AtomicLong();
    private final CommandRegistry catalog;
    private final AwaitingChannel<CytubeEvent> awaiting = new AwaitingChannel<>(AWAIT_MILLIS, AWAIT_MAX);
    private final AtomicLong awaitDropped = new AtomicLong();

    /**
     * @param bridge not used: the reference makes this handler start only once the {@link PluginBridge} has bridged
     *     the plugins' commands that are there, so that after an update of the EventFilter no chat line held for it is
     *     looked up in a catalogue that lacks them; and stop before the bridge, so that it can answer what it took
     */
    @Activate
    public CommandFilter(
            @Reference CommandRegistry catalog,
            @Reference EventBus bus,
            @Reference(name = "bridge") PluginBridge bridge) {
        this.bus = bus;
        this.catalog = catalog;
        this.audit = new AuditLog(() -> Optional.ofNullable(database));
        this.dispatcher = new CommandDispatcher(catalog, new BusTransport(), audit, System::currentTimeMillis);
        LOG.info("EventFilter active: prefix '{}'", catalog.prefix());
    }

    /**
     * The bus took this handler away first (it holds the next lines for the next one): the commands dispatched so far
     * are answered, at most within the command timeout, while this bundle's bus and the bridged plugins are still
     * there, so none is lost to the stop.
     */
    @Deactivate
    void deactivate() {
        Duration timeout = catalog.settings().limits().timeout();
        try {
            if (!dispatcher.awaitAnswered(timeout)) {
                LOG.warn("EventFilter stopping: commands still unanswered after {} s", timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (awaiting) {
            if (awaiting.size() > 0) {
                awaitDropped("(all)", awaiting.size(), "the EventFilter stopped while their channel was away");
            }
        }
        audit.close();
    }

    @Override
    public void handle(Event event) {
        if (event.payload() instanceof ConnectionState ready) {
            channelReady(ready.channel());
            return;
        }
        if (!(event.payload() instanceof CytubeEvent cytube) || cytube.replayed()) {
            return;
        }
        handled.incrementAndGet();
        if (handled.get() % 1_000 == 0) {
            dispatcher.prune();
        }
        synchronized (awaiting) {
            dropExpired();
            Optional<ChannelState> state = ChannelState.find(channels, cytube.channel());
            if (state.isPresent() && !awaiting.holds(cytube.channel())) {
                UserLine.of(cytube, state.get().botName()).ifPresent(line -> run(state.get(), line));
                return;
            }
            // its channel is gone for a moment (the Core is being updated): it runs when the channel is ready again
            if (!awaiting.hold(cytube.channel(), cytube, System.currentTimeMillis())) {
                awaitDropped(cytube.channel(), 1, "more than " + AWAIT_MAX + " lines wait for it");
            }
        }
    }

    /** The lines that waited for {@code channel} run, in order, now that it is ready. */
    private void channelReady(String channel) {
        synchronized (awaiting) {
            dropExpired();
            Optional<ChannelState> state = ChannelState.find(channels, channel);
            if (state.isEmpty()) {
                return;
            }
            List<AwaitingChannel.Waiting<CytubeEvent>> waiting = awaiting.take(channel);
            if (!waiting.isEmpty()) {
                LOG.info("Channel {}: handling {} lines that arrived while it was away", channel, waiting.size());
            }
            for (AwaitingChannel.Waiting<CytubeEvent> w : waiting) {
                UserLine.of(w.line(), state.get().botName()).ifPresent(line -> run(state.get(), line));
            }
        }
    }

    private void dropExpired() {
        List<AwaitingChannel.Waiting<CytubeEvent>> expired = awaiting.expired(System.currentTimeMillis());
        for (AwaitingChannel.Waiting<CytubeEvent> w : expired) {
            awaitDropped(w.channel(), 1, "the channel was not back within " + AWAIT_MILLIS + " ms");
        }
    }

    private void awaitDropped(String channel, int count, String why) {
        LOG.warn(
                "Channel {}: {} chat lines or PMs dropped unread: {} ({} dropped so far)",
                channel,
                count,
                why,
                awaitDropped.addAndGet(count));
    }

    private void run(ChannelState state, UserLine line) {
        Outcome outcome = dispatcher.handle(
                state.channel(),
                line.user(),
                line.text(),
                line.origin(),
                () -> state.user(line.user()).map(User::rank).orElse(Rank.GUEST));
        if (outcome == Outcome.DISPATCHED) {
            dispatched.incrementAndGet();
        }
    }

    @Override
    public PluginStatus status() {
        String name = FrameworkUtil.getBundle(CommandFilter.class) == null
                ? "daz.eventfilter"
                : FrameworkUtil.getBundle(CommandFilter.class).getSymbolicName();
        PluginStatus.State state = PluginStatus.State.RUNNING;
        Optional<String> error = audit.lastError().map(e -> "audit: " + e);
        if (database == null) {
            state = PluginStatus.State.DEGRADED;
            error = Optional.of("no database: commands work, audit rows are not kept");
        } else if (error.isPresent()) {
            state = PluginStatus.State.DEGRADED;
        }
        return new PluginStatus(name, state, error, 0, dispatched.get(), Duration.between(started, Instant.now()));
    }

    /** The dispatcher's way to the bus. */
    private final class BusTransport implements CommandDispatcher.Transport {

        @Override
        public CompletionStage<Object> request(String topic, CommandRequest request, Duration timeout) {
            return bus.request(topic, request, timeout).thenApply(Event::payload);
        }

        @Override
        public void say(String channel, CommandOrigin origin, String user, String text) {
            if (origin == CommandOrigin.PM) {
                bus.publish(OutgoingPrivateMessage.TOPIC, new OutgoingPrivateMessage(channel, user, text));
            } else {
                bus.publish(OutgoingChat.TOPIC, new OutgoingChat(channel, text));
            }
        }
    }
}
