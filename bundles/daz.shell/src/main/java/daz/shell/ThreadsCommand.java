package daz.shell;

import daz.api.shell.TextTable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code daz:threads}: the threads Daz's own code made, each named {@code daz-<bundle>-<role>} (the bundle's symbolic
 * name without {@code daz.} or {@code daz.plugin.}: {@code daz-core-<channel>-link}, {@code daz-usertracker-heartbeat}),
 * with its state and the bundle it belongs to, and how many there are. The JVM's, the framework's and other
 * libraries' threads are left out; the launcher's ({@code daz-launcher-...}) belong to no bundle.
 */
@Component(
        service = ThreadsCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=threads"})
public class ThreadsCommand {

    static final String PREFIX = "daz-";
    static final String LAUNCHER = "(launcher)";

    private final BundleContext context;

    @Activate
    public ThreadsCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("lists Daz's own threads (named daz-<bundle>-<role>) with their state and bundle, and counts them")
    public String threads() {
        List<String> bundles = Arrays.stream(context.getBundles())
                .map(Bundle::getSymbolicName)
                .filter(Objects::nonNull)
                .filter(name -> name.startsWith("daz."))
                .toList();
        return table(Thread.getAllStackTraces().keySet(), bundles);
    }

    /** One row per thread of ours, by name, then the count. */
    static String table(Collection<Thread> threads, List<String> bundles) {
        List<Thread> ours = threads.stream()
                .filter(t -> t.getName().startsWith(PREFIX))
                .sorted(Comparator.comparing(Thread::getName))
                .toList();
        TextTable table = new TextTable("Thread", "State", "Bundle");
        for (Thread t : ours) {
            table.row(t.getName(), t.getState().toString(), bundleOf(t.getName(), bundles));
        }
        return table.render() + "\n" + ours.size() + (ours.size() == 1 ? " thread" : " threads");
    }

    /** The bundle whose short name follows {@code daz-} in the thread's name (the longest such), or {@code ?}. */
    static String bundleOf(String thread, List<String> bundles) {
        if (names(thread, "launcher")) {
            return LAUNCHER;
        }
        return bundles.stream()
                .filter(bundle -> names(thread, shortName(bundle)))
                .max(Comparator.comparingInt(String::length))
                .orElse("?");
    }

    /** {@code daz.core}: core; {@code daz.plugin.usertracker}: usertracker (dots as dashes). */
    static String shortName(String symbolicName) {
        String name = symbolicName.startsWith("daz.plugin.")
                ? symbolicName.substring("daz.plugin.".length())
                : symbolicName.substring("daz.".length());
        return name.replace('.', '-');
    }

    /** The thread's name is {@code daz-<shortName>} followed by a separator (Hikari's pools add {@code :role}). */
    private static boolean names(String thread, String shortName) {
        String prefix = PREFIX + shortName;
        return thread.startsWith(prefix)
                && thread.length() > prefix.length()
                && !Character.isLetterOrDigit(thread.charAt(prefix.length()));
    }
}
