package daz.shell;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code daz:status}: what an operator looks at first — every Daz bundle, its version, state and start level. */
@Component(
        service = StatusCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=status"})
public class StatusCommand {

    private final BundleContext context;

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
        Table table = new Table("ID", "Bundle", "Version", "State", "Level");
        for (Bundle b : daz) {
            table.row(
                    Long.toString(b.getBundleId()),
                    b.getSymbolicName(),
                    b.getVersion().toString(),
                    stateName(b.getState()),
                    Integer.toString(startLevel(b)));
        }
        return table.render();
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
