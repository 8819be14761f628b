package daz.eventfilter;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.command.AsyncCommandHandler;
import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandReply;
import daz.api.cytube.CytubeEvent;
import daz.api.event.ChannelListener;
import daz.api.event.ChannelSubscription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.LoggerFactory;

/**
 * Puts plugins' {@link CommandHandler}, {@link AsyncCommandHandler} and {@link ChannelListener} services on the bus:
 * for each it registers an {@link EventHandler} of its own ({@link BridgedCommand} on {@code command.<name>} with the
 * command's properties, which the {@link CommandRegistry} picks up like any command; {@link BridgedListener} on the
 * listener's {@code cytube.event.<name>} topics), so that every call goes through the bus (metrics, one queue per
 * handler) while no plugin holds the bus. What those calls do is each plugin's health ({@link ActivityBoard}).
 *
 * <p>A bridged command is durable ({@code daz.durable=daz.command.<name>}): while its plugin is updated, refreshed or
 * restarted, or the EventFilter itself is, the bus holds the requests for it and hands them to the plugin's next
 * handler of that name, which answers them. A bridged listener of a DS component is durable too
 * ({@code daz.listener.<plugin>/<component name>}): the channel events of an update reach the next revision. Registered as a service of this class only so that the
 * {@link CommandFilter} can wait for it.
 */
@Component(immediate = true, service = PluginBridge.class)
public class PluginBridge {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PluginBridge.class);

    /** Service property of a bridged handler: the symbolic name of the plugin bundle it serves. */
    static final String PLUGIN = "daz.plugin";

    /** The durable name of a bridged command's handler, followed by the command's name. */
    static final String DURABLE_PREFIX = "daz.command.";

    /** The durable name of a bridged channel listener, followed by its plugin and component names. */
    static final String LISTENER_PREFIX = "daz.listener.";

    private static final Pattern NAME = Pattern.compile("[^\\s.*>]+");

    private final BundleContext context;
    private final EventBus bus;
    private final ActivityBoard board;
    private final Map<Long, Bridged> bridged = new HashMap<>();
    private boolean closed;

    private record Bridged(String plugin, ServiceRegistration<EventHandler> registration) {}

    @Activate
    public PluginBridge(BundleContext context, @Reference EventBus bus) {
        this.context = context;
        this.bus = bus;
        this.board = new ActivityBoard(ActivityBoard.registering(context), Clock.systemUTC());
    }

    @Deactivate
    synchronized void deactivate() {
        closed = true;
        bridged.values().forEach(b -> ActivityBoard.unregisterQuietly(b.registration()));
        bridged.clear();
        board.close();
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeCommand",
            updated = "updatedCommand")
    void addCommand(CommandHandler handler, ServiceReference<CommandHandler> reference) {
        bridgeCommand(reference, BridgedCommand.of(handler));
    }

    void updatedCommand(CommandHandler handler, ServiceReference<CommandHandler> reference) {
        remove(reference);
        addCommand(handler, reference);
    }

    void removeCommand(ServiceReference<CommandHandler> reference) {
        remove(reference);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeAsyncCommand",
            updated = "updatedAsyncCommand")
    void addAsyncCommand(AsyncCommandHandler handler, ServiceReference<AsyncCommandHandler> reference) {
        bridgeCommand(reference, BridgedCommand.of(handler));
    }

    void updatedAsyncCommand(AsyncCommandHandler handler, ServiceReference<AsyncCommandHandler> reference) {
        remove(reference);
        addAsyncCommand(handler, reference);
    }

    void removeAsyncCommand(ServiceReference<AsyncCommandHandler> reference) {
        remove(reference);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener",
            updated = "updatedListener")
    void addListener(ChannelListener<?> listener, ServiceReference<ChannelListener<?>> reference) {
        String plugin = pluginOf(reference);
        List<String> events = strings(reference.getProperty(ChannelSubscription.EVENTS));
        Optional<Class<?>> type = typeOf(reference);
        if (events.isEmpty() || type.isEmpty()) {
            LOG.warn(
                    "channel listener {} of {} ignored: it needs @ChannelSubscription(event = ...) with a type its"
                            + " bundle can load ({}={}, {}={})",
                    serviceId(reference),
                    plugin,
                    ChannelSubscription.EVENTS,
                    events,
                    ChannelSubscription.TYPE,
                    reference.getProperty(ChannelSubscription.TYPE));
            return;
        }
        String[] topics = events.stream().map(PluginBridge::topicOf).toArray(String[]::new);
        boolean replayed = Boolean.parseBoolean(String.valueOf(reference.getProperty(ChannelSubscription.REPLAYED)));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, topics);
        if (reference.getProperty(ComponentConstants.COMPONENT_NAME) instanceof String component) {
            // held while the plugin is updated, for the same component of its next revision
            properties.put(EventHandler.DURABLE, LISTENER_PREFIX + plugin + "/" + component);
        }
        register(
                reference,
                plugin,
                properties,
                activity -> new BridgedListener(
                        "listener " + serviceId(reference), listener, type.get(), replayed, activity));
    }

    void updatedListener(ChannelListener<?> listener, ServiceReference<ChannelListener<?>> reference) {
        remove(reference);
        addListener(listener, reference);
    }

    void removeListener(ServiceReference<ChannelListener<?>> reference) {
        remove(reference);
    }

    private void bridgeCommand(ServiceReference<?> reference, BridgedCommand.Call call) {
        String plugin = pluginOf(reference);
        String name = String.valueOf(
                        Optional.ofNullable(reference.getProperty(Command.NAME)).orElse(""))
                .strip()
                .toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            LOG.warn(
                    "command service {} of {} ignored: @Command(name = ...) must give one word without dots, not '{}'",
                    serviceId(reference),
                    plugin,
                    name);
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        for (String key : reference.getPropertyKeys()) {
            if (key.startsWith(Command.PREFIX_)) {
                properties.put(key, reference.getProperty(key));
            }
        }
        properties.put(EventHandler.TOPICS, Command.TOPIC_PREFIX + name);
        properties.put(EventHandler.DURABLE, DURABLE_PREFIX + name); // requests held while the plugin is updated
        register(reference, plugin, properties, activity -> new BridgedCommand(name, call, new BusReplies(), activity));
    }

    private synchronized void register(
            ServiceReference<?> reference,
            String plugin,
            Hashtable<String, Object> properties,
            java.util.function.Function<PluginActivity, EventHandler> handler) {
        if (closed) {
            return;
        }
        properties.put(PLUGIN, plugin);
        properties.put(Constants.SERVICE_DESCRIPTION, "bridge of service " + serviceId(reference) + " of " + plugin);
        PluginActivity activity = board.acquire(plugin);
        try {
            ServiceRegistration<EventHandler> registration =
                    context.registerService(EventHandler.class, handler.apply(activity), properties);
            bridged.put(serviceId(reference), new Bridged(plugin, registration));
        } catch (IllegalStateException stopping) {
            // the EventFilter's bundle is stopping: nothing to bridge any more
            board.release(plugin);
        }
    }

    private synchronized void remove(ServiceReference<?> reference) {
        Bridged gone = bridged.remove(serviceId(reference));
        if (gone != null) {
            ActivityBoard.unregisterQuietly(gone.registration());
            board.release(gone.plugin());
        }
    }

    /** The bus topic of a CyTube event name, as {@link CytubeEvent#TOPIC_PREFIX} says. */
    static String topicOf(String event) {
        return CytubeEvent.TOPIC_PREFIX + event.strip().replaceAll("[.\\s*>]", "_");
    }

    private static Optional<Class<?>> typeOf(ServiceReference<?> reference) {
        Object name = reference.getProperty(ChannelSubscription.TYPE);
        if (name == null) {
            return Optional.of(Object.class);
        }
        try {
            return Optional.of(reference.getBundle().loadClass(name.toString().strip()));
        } catch (ClassNotFoundException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String pluginOf(ServiceReference<?> reference) {
        return reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName();
    }

    private static long serviceId(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_ID) instanceof Long id ? id : -1;
    }

    static List<String> strings(Object value) {
        if (value instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s);
        }
        if (value instanceof String[] array) {
            return Arrays.stream(array).filter(s -> !s.isBlank()).toList();
        }
        return new ArrayList<>();
    }

    /** Answers on the EventFilter's own bus. */
    private final class BusReplies implements BridgedCommand.Replies {
        @Override
        public void reply(Event request, CommandReply reply) {
            bus.reply(request, reply);
        }

        @Override
        public void fail(Event request, Throwable cause) {
            bus.fail(request, cause);
        }
    }
}
