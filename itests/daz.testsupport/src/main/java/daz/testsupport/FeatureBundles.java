package daz.testsupport;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * Daz's feature bundles as the build unpacked them, {@code <daz.features>/<start level>/*.jar} (default
 * {@code target/features}), each to install at its start level: what the runtime zip holds.
 */
public final class FeatureBundles {

    private FeatureBundles() {}

    /**
     * Pax Exam options installing and starting every feature bundle at its level, lowest first; a fragment (such as
     * {@code daz.slf4j.provider}) is installed, not started: it attaches to its host and stays RESOLVED.
     */
    public static List<Option> provisioning() {
        Path root = Path.of(System.getProperty("daz.features", "target/features"));
        List<Option> options = new ArrayList<>();
        try (Stream<Path> levels = Files.list(root)) {
            for (Path level : levels.filter(Files::isDirectory).sorted().toList()) {
                int startLevel = Integer.parseInt(level.getFileName().toString());
                try (Stream<Path> jars = Files.list(level)) {
                    jars.filter(p -> p.toString().endsWith(".jar"))
                            .sorted()
                            .forEach(jar -> options.add(bundle(jar.toUri().toString())
                                    .startLevel(startLevel)
                                    .start(!fragment(jar))));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(
                    "no Daz features under " + root.toAbsolutePath() + ": unpack daz.features.all's feature zips there",
                    e);
        }
        if (options.isEmpty()) {
            throw new IllegalStateException("no Daz feature bundles under " + root.toAbsolutePath());
        }
        return options;
    }

    private static boolean fragment(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
