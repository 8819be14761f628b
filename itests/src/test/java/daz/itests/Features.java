package daz.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/**
 * The bundles of every feature, as unpacked by the build into {@code target/features/<start level>/}: the same
 * list the runtime zip gets, so a bundle added to a feature is in every integration test without a second list.
 */
public final class Features {

    /** A feature bundle: its jar and the start level its feature declares. */
    public record FeatureBundle(int startLevel, Path jar) {

        /** Whether it is a fragment (it attaches to its host, and is never started itself: it stays RESOLVED). */
        public boolean fragment() {
            try (JarFile file = new JarFile(jar.toFile())) {
                return file.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
    }

    private Features() {}

    public static Path root() {
        return Path.of(System.getProperty("daz.features", "target/features"));
    }

    public static List<FeatureBundle> bundles() {
        List<FeatureBundle> bundles = new ArrayList<>();
        try (Stream<Path> levels = Files.list(root())) {
            for (Path level : levels.filter(Files::isDirectory).toList()) {
                int startLevel = Integer.parseInt(level.getFileName().toString());
                try (Stream<Path> jars = Files.list(level)) {
                    jars.filter(p -> p.toString().endsWith(".jar"))
                            .forEach(jar -> bundles.add(new FeatureBundle(startLevel, jar)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no features under " + root() + " (run the build first)", e);
        }
        bundles.sort(Comparator.comparingInt(FeatureBundle::startLevel)
                .thenComparing(b -> b.jar().getFileName().toString()));
        if (bundles.isEmpty()) {
            throw new IllegalStateException("no feature bundles under " + root());
        }
        return bundles;
    }

    /** Pax Exam provisioning for every feature bundle at its start level. */
    public static Option[] provisioning() {
        return bundles().stream()
                .map(b -> bundle(b.jar().toUri().toString())
                        .startLevel(b.startLevel())
                        .start(!b.fragment()))
                .toArray(Option[]::new);
    }
}
