package daz.shell;

import daz.api.shell.TextTable;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code daz:status}: what an operator looks at first — every Daz bundle with its version, state and start level,
 * then each plugin's health: what the EventFilter saw of its commands and listeners (handled, failed, last error and
 * when), merged with what the SQL service and the plugin itself report.
 */
@Component(
        service = StatusCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=status"})
public class StatusCommand {

    private final BundleContext context;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<PluginHealth> plugins = new CopyOnWriteArrayList<>();

    @Activate
    public StatusCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("lists every Daz bundle with its version, state and start level")
    public String status() {
        List<Bundle> daz = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("daz."))
                .sorted(Comparator.comparingInt(StatusCommand::startLevel).thenComparing(Bundle::getBundleId))
                .toList();
        TextTable table = new TextTable("ID", "Bundle", "Version", "State", "Level");
        for (Bundle b : daz) {
            table.row(
                    Long.toString(b.getBundleId()),
                    b.getSymbolicName(),
                    b.getVersion().toString(),
                    stateName(b.getState()),
                    Integer.toString(startLevel(b)));
        }
        if (plugins.isEmpty()) {
            return table.render();
        }
        return table.render() + "\n"
                + health(plugins.stream().map(StatusCommand::statusOf).toList(), Instant.now());
    }

    /** One row per plugin: what it handled, how much failed, and its last error with how long ago. */
    static String health(List<PluginStatus> statuses, Instant now) {
        TextTable health = new TextTable("Plugin", "State", "Handled", "Failed", "Retries", "Uptime", "Last error");
        for (PluginStatus p : HealthRows.merge(statuses)) {
            String error =
                    p.lastError().map(e -> e.lines().findFirst().orElse("")).orElse("");
            String ago = p.lastErrorAt()
                    .map(at -> " (" + uptime(Duration.between(at, now)) + " ago)")
                    .orElse("");
            health.row(
                    p.name(),
                    p.state().toString(),
                    Long.toString(p.eventsHandled()),
                    Long.toString(p.failures()),
                    Integer.toString(p.retryCount()),
                    uptime(p.uptime()),
                    error.isEmpty() ? "" : error + ago);
        }
        return health.render();
    }

    static PluginStatus statusOf(PluginHealth health) {
        try {
            return health.status();
        } catch (RuntimeException e) {
            return new PluginStatus(
                    health.getClass().getName(),
                    PluginStatus.State.FAILED,
                    java.util.Optional.of("status unavailable: " + e),
                    0,
                    0,
                    Duration.ZERO);
        }
    }

    static String uptime(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }

    private static int startLevel(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return level == null ? 0 : level.getStartLevel();
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
