package daz.shell;

import daz.api.command.CommandCatalog;
import daz.api.command.CommandInfo;
import daz.api.shell.TextTable;
import daz.api.sql.Migrations;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code daz:plugins}: each plugin (a {@code daz.plugin.*} bundle, or any bundle that offers commands) with its
 * bundle state, its commands, its schema and the version its migrations bring it to, its health (the worst of what
 * it, the EventFilter and the SQL service report of it) and the events it handled.
 */
@Component(
        service = PluginsCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=plugins"})
public class PluginsCommand {

    private static final Pattern VERSION = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.*\\.sql");

    private final BundleContext context;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private final List<PluginHealth> health = new CopyOnWriteArrayList<>();

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CommandCatalog catalog;

    @Activate
    public PluginsCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("lists each plugin: state, commands, schema version, health, events handled")
    public String plugins() {
        CommandCatalog commands = catalog;
        List<CommandInfo> known = commands == null ? List.of() : commands.commands();
        List<PluginStatus> statuses =
                health.stream().map(StatusCommand::statusOf).toList();
        TextTable table =
                new TextTable("Plugin", "Bundle", "Commands", "Schema", "Health", "Events", "Failures", "Last error");
        for (Bundle bundle : plugins(known)) {
            String name = bundle.getSymbolicName();
            List<PluginStatus> own =
                    statuses.stream().filter(s -> belongs(s.name(), name)).toList();
            String prefix = commands == null ? "!" : commands.prefix();
            table.row(
                    name,
                    StatusCommand.stateName(bundle.getState()),
                    String.join(
                            " ",
                            known.stream()
                                    .filter(c -> c.bundle().equals(name))
                                    .map(c -> prefix + c.name())
                                    .sorted()
                                    .toList()),
                    schema(bundle),
                    own.stream()
                            .map(PluginStatus::state)
                            .max(Comparator.naturalOrder())
                            .map(Enum::toString)
                            .orElse("-"),
                    Long.toString(
                            own.stream().mapToLong(PluginStatus::eventsHandled).sum()),
                    Long.toString(own.stream().mapToLong(PluginStatus::failures).sum()),
                    own.stream()
                            .filter(s -> s.lastError().isPresent())
                            .map(s -> s.lastError().get().lines().findFirst().orElse(""))
                            .findFirst()
                            .orElse(""));
        }
        return table.render();
    }

    private List<Bundle> plugins(List<CommandInfo> commands) {
        TreeSet<String> names = new TreeSet<>();
        commands.forEach(c -> names.add(c.bundle()));
        List<Bundle> plugins = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name != null && (name.startsWith("daz.plugin.") || names.contains(name))) {
                plugins.add(bundle);
            }
        }
        plugins.sort(Comparator.comparing(Bundle::getSymbolicName));
        return plugins;
    }

    /** Whether a status is about the bundle: its own name, or its name and a qualifier (the schema's status). */
    static boolean belongs(String statusName, String bundle) {
        return statusName.equals(bundle) || statusName.startsWith(bundle + " ");
    }

    private static String schema(Bundle bundle) {
        String folder = bundle.getHeaders("").get(Migrations.HEADER);
        if (folder == null) {
            return "-";
        }
        List<String> scripts = new ArrayList<>();
        var entries = bundle.findEntries(folder.trim(), "V*.sql", false);
        if (entries != null) {
            for (URL url : Collections.list(entries)) {
                String path = url.getPath();
                scripts.add(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        return Migrations.schemaOf(bundle.getSymbolicName())
                + latestVersion(scripts).map(v -> " v" + v).orElse("");
    }

    /** The highest version among Flyway script names ({@code V2__x.sql}, {@code V1_1__y.sql}). */
    static Optional<String> latestVersion(List<String> scripts) {
        String best = null;
        for (String script : scripts) {
            Matcher m = VERSION.matcher(script);
            if (m.matches() && (best == null || compare(m.group(1), best) > 0)) {
                best = m.group(1);
            }
        }
        return Optional.ofNullable(best).map(v -> v.replace('_', '.'));
    }

    private static int compare(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
