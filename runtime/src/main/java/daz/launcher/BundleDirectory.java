package daz.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Makes the installed bundles match {@code bundle/<start level>/*.jar}, the layout the features produce:
 * new jars are installed at their folder's start level and marked for start, changed jars are updated,
 * jars that are gone are uninstalled. Bundles installed from anywhere else (the shell, deploy/) are left
 * alone, and the framework cache keeps them across restarts.
 */
final class BundleDirectory {

    record Entry(int startLevel, Path jar) {}

    private final Path root;

    BundleDirectory(Path root) {
        this.root = root;
    }

    /** The jars under the start-level folders, lowest level first, by name within a level. */
    List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> levels = Files.list(root)) {
            for (Path dir : levels.filter(Files::isDirectory).sorted().toList()) {
                int level;
                try {
                    level = Integer.parseInt(dir.getFileName().toString());
                } catch (NumberFormatException e) {
                    LauncherLog.warn("Ignoring " + dir + ": bundle/ holds one folder per start level (a number)");
                    continue;
                }
                try (Stream<Path> jars = Files.list(dir)) {
                    jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .forEach(jar -> entries.add(new Entry(level, jar)));
                }
            }
        }
        entries.sort((a, b) -> Integer.compare(a.startLevel(), b.startLevel()));
        return entries;
    }

    /** Installs, updates and uninstalls so that the framework holds exactly the bundles of this folder. */
    void reconcile(BundleContext context) throws IOException {
        String prefix = root.toUri().toString();
        Map<String, Bundle> ours = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(prefix)) {
                ours.put(bundle.getLocation(), bundle);
            }
        }
        for (Entry entry : entries()) {
            String location = entry.jar().toUri().toString();
            Bundle bundle = ours.remove(location);
            try {
                if (bundle == null) {
                    bundle = context.installBundle(location);
                } else if (writtenAfter(entry.jar(), bundle.getLastModified())) {
                    try (InputStream in = Files.newInputStream(entry.jar())) {
                        bundle.update(in);
                    }
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
                if (!isFragment(bundle)) {
                    bundle.start(Bundle.START_ACTIVATION_POLICY);
                }
            } catch (BundleException | RuntimeException e) {
                LauncherLog.error("Cannot install " + entry.jar() + ": " + e.getMessage(), e);
            }
        }
        for (Bundle gone : ours.values()) {
            try {
                gone.uninstall();
            } catch (BundleException e) {
                LauncherLog.error("Cannot uninstall " + gone.getLocation() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether {@code jar} was written after {@code since} (its bundle's install or last update). Its modification time
     * alone cannot say: every jar of the distribution carries the reproducible build's date, and unzipping a new build
     * over an installed one keeps that date, so the old bundle would stay in the framework cache. The status-change
     * time is the moment the file was written here, whatever its dates say.
     */
    static boolean writtenAfter(Path jar, long since) throws IOException {
        long written = Files.getLastModifiedTime(jar).toMillis();
        // where the file system has no status-change time (not a POSIX one), the modification time decides
        if (jar.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            written = Math.max(written, ((FileTime) Files.getAttribute(jar, "unix:ctime")).toMillis());
        }
        return written > since;
    }

    /** From the manifest the framework has read already (opening the jar again cost some 40 ms a start). */
    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
