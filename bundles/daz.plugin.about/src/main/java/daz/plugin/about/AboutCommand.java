package daz.plugin.about;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import daz.api.command.DurationText;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code !about}: the bot's version, how long it has run and which plugins are loaded. */
@Component
@Command(
        name = "about",
        aliases = {"version", "info"},
        cooldown = 5,
        description = "What this bot is: version, uptime, plugins",
        usage = "!about")
public class AboutCommand implements CommandHandler {

    private static final String PLUGIN_PREFIX = "daz.plugin.";

    private final BundleContext context;

    @Activate
    public AboutCommand(BundleContext context) {
        this.context = context;
    }

    @Override
    public String answer(CommandRequest request) {
        List<String> plugins = Arrays.stream(context.getBundles())
                .filter(b -> b.getState() == Bundle.ACTIVE)
                .map(Bundle::getSymbolicName)
                .filter(n -> n != null && n.startsWith(PLUGIN_PREFIX))
                .map(n -> n.substring(PLUGIN_PREFIX.length()))
                .sorted()
                .toList();
        Duration up = Duration.between(
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), Instant.now());
        return text(context.getBundle().getVersion().toString(), up, plugins);
    }

    /** The answer for a version, an uptime and the names of the loaded plugins. */
    static String text(String version, Duration uptime, List<String> plugins) {
        return "Daz " + version + ", a CyTube bot. Up " + DurationText.of(uptime) + ". Plugins (" + plugins.size()
                + "): " + (plugins.isEmpty() ? "none" : String.join(", ", plugins)) + ".";
    }
}
