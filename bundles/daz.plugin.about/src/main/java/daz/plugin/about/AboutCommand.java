package daz.plugin.about;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.command.Command;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code !about}: the bot's version, how long it has run and which plugins are loaded. */
@Component(service = {EventHandler.class, PluginHealth.class})
@Subscription(topics = "command.about")
@Command(
        aliases = {"version", "info"},
        cooldown = 5,
        description = "What this bot is: version, uptime, plugins",
        usage = "!about")
public class AboutCommand implements EventHandler, PluginHealth {

    private static final String PLUGIN_PREFIX = "daz.plugin.";

    /**
     * Taken at first use, not at activation: the bus takes this handler while it starts itself, so taking the bus
     * then would be a cycle for SCR. DS releases what was taken when the reference goes.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ComponentServiceObjects<EventBus> buses;

    private volatile TakenBus taken;

    private record TakenBus(ComponentServiceObjects<EventBus> from, EventBus bus) {}

    /** This bundle's bus, if there is one now. */
    private EventBus bus() {
        ComponentServiceObjects<EventBus> from = buses;
        if (from == null) {
            return null;
        }
        TakenBus current = taken;
        if (current == null || current.from() != from) {
            current = new TakenBus(from, from.getService());
            taken = current;
        }
        return current.bus();
    }

    private final BundleContext context;
    private final Instant started = Instant.now();
    private final AtomicLong handled = new AtomicLong();

    @Activate
    public AboutCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public void handle(Event event) {
        if (!event.isRequest() || !(event.payload() instanceof CommandRequest)) {
            return;
        }
        handled.incrementAndGet();
        EventBus current = bus();
        if (current == null) {
            return;
        }
        List<String> plugins = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() == Bundle.ACTIVE)
                .map(Bundle::getSymbolicName)
                .filter(n -> n != null && n.startsWith(PLUGIN_PREFIX))
                .map(n -> n.substring(PLUGIN_PREFIX.length()))
                .sorted()
                .toList();
        Duration up = Duration.between(
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), Instant.now());
        current.reply(
                event, new CommandReply(text(context.getBundle().getVersion().toString(), up, plugins)));
    }

    /** The answer for a version, an uptime and the names of the loaded plugins. */
    static String text(String version, Duration uptime, List<String> plugins) {
        return "Daz " + version + ", a CyTube bot. Up " + DurationText.of(uptime) + ". Plugins (" + plugins.size()
                + "): " + (plugins.isEmpty() ? "none" : String.join(", ", plugins)) + ".";
    }

    @Override
    public PluginStatus status() {
        return new PluginStatus(
                "daz.plugin.about",
                buses == null ? PluginStatus.State.FAILED : PluginStatus.State.RUNNING,
                buses == null ? Optional.of("no event bus") : Optional.empty(),
                0,
                handled.get(),
                Duration.between(started, Instant.now()));
    }
}
