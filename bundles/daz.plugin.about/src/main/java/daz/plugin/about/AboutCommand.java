package daz.plugin.about;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.command.Command;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.command.DurationText;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code !about}: the bot's version, how long it has run and which plugins are loaded. */
// immediate: its status (uptime) counts from the bundle's start, not from the first command
@Component(
        service = {EventHandler.class, PluginHealth.class},
        immediate = true)
@Subscription(topics = "command.about")
@Command(
        aliases = {"version", "info"},
        cooldown = 5,
        description = "What this bot is: version, uptime, plugins",
        usage = "!about")
public class AboutCommand implements EventHandler, PluginHealth {

    private static final String PLUGIN_PREFIX = "daz.plugin.";

    private final EventBus bus;

    private final BundleContext context;
    private final Instant started = Instant.now();
    private final AtomicLong handled = new AtomicLong();

    @Activate
    public AboutCommand(BundleContext context, @Reference EventBus bus) {
        this.context = context;
        this.bus = bus;
    }

    @Override
    public void handle(Event event) {
        if (!event.isRequest() || !(event.payload() instanceof CommandRequest)) {
            return;
        }
        handled.incrementAndGet();
        List<String> plugins = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() == Bundle.ACTIVE)
                .map(Bundle::getSymbolicName)
                .filter(n -> n != null && n.startsWith(PLUGIN_PREFIX))
                .map(n -> n.substring(PLUGIN_PREFIX.length()))
                .sorted()
                .toList();
        Duration up = Duration.between(
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), Instant.now());
        bus.reply(event, new CommandReply(text(context.getBundle().getVersion().toString(), up, plugins)));
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
                PluginStatus.State.RUNNING,
                Optional.empty(),
                0,
                handled.get(),
                Duration.between(started, Instant.now()));
    }
}
