package daz.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The classes the bot loaded, as its JVM listed them ({@code bin/daz} asks for {@code -Xlog:class+load} on a run that
 * has no class-data archive yet), loaded and linked again in the training JVM before it stops and writes the archive.
 * The training has no channel and no database: without the list, what a link's discovery, WebSocket and JSON and the
 * database pool's driver load (some 1,500 classes, a third of a start's) was missing from the archive, and every
 * start parsed those from the jars on its way to the first answer.
 *
 * <p>A line is {@code <class> source: <where from>}. Classes from the bot's {@code bundle/} jars are loaded through
 * the training's bundle of the same file; classes of the JDK ({@code jrt:/}) and of {@code lib/} through the class
 * path. Generated classes (lambdas, proxies, reflection accessors) are not in the list's reach, nor in the archive's.
 * Loading does not initialise a class; asking for its constructors links it, which the JVM needs before it archives a
 * class of a bundle's class loader.
 *
 * <p>Flyway's classes ({@value #MIGRATIONS_ONLY}) are left out: Flyway is loaded only while a migration is pending, as
 * on a first start, which is the run that usually makes the list. A warm start loads none of them, and an archived
 * class costs its pages on every start whether it is used or not (the archive is mapped whole and nearly all of it is
 * resident): 289 classes, 2 MB of archive and of resident memory.
 */
final class ClassList {

    /** The list's path, set by {@code bin/daz} on the bot and handed to the training. */
    static final String PROPERTY = "daz.cds.classes";
    /** The bot's {@code bundle/} folder, handed to the training: the list names the bot's jars. */
    static final String BUNDLES = "daz.cds.bundles";

    private static final String SOURCE = " source: ";

    /** The package prefix of classes only a pending migration loads. */
    static final String MIGRATIONS_ONLY = "org.flywaydb.";

    private final Path list;
    private final Path botBundles;
    private final Map<String, Bundle> bundles = new HashMap<>();

    private ClassList(Path list, Path botBundles, Path ownBundles, BundleContext context) {
        this.list = list;
        this.botBundles = botBundles;
        for (Bundle bundle : context.getBundles()) {
            jarOf(bundle.getLocation())
                    .filter(jar -> jar.startsWith(ownBundles))
                    .ifPresent(jar -> bundles.put(relative(ownBundles, jar), bundle));
        }
    }

    /** The list the bot's JVM writes, if {@code bin/daz} asked for one. */
    static Optional<Path> ofThisRun() {
        String path = System.getProperty(PROPERTY);
        return path == null || path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
    }

    /**
     * In the training JVM ({@code home} its folder, whose {@code bundle/} holds the bot's jars): loads and links what
     * the bot's list names, if it was given one. Returns how many classes were linked.
     */
    static int loadInto(BundleContext context, Path home) throws IOException {
        String path = System.getProperty(PROPERTY);
        String botBundles = System.getProperty(BUNDLES);
        if (path == null || botBundles == null || !Files.isReadable(Path.of(path))) {
            return 0;
        }
        return new ClassList(Path.of(path), Path.of(botBundles), home.resolve("bundle"), context).load();
    }

    private int load() throws IOException {
        int linked = 0;
        try (BufferedReader lines = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (link(line)) {
                    linked++;
                }
            }
        }
        return linked;
    }

    private boolean link(String line) {
        int at = line.indexOf(SOURCE);
        if (at <= 0) {
            return false;
        }
        String name = line.substring(0, at);
        if (!archived(name)) {
            return false;
        }
        String source = line.substring(at + SOURCE.length());
        try {
            Class<?> type;
            if (source.startsWith("jrt:/")) {
                type = Class.forName(name, false, ClassLoader.getSystemClassLoader());
            } else if (source.startsWith("file:")) {
                Optional<Bundle> bundle = bundleOf(source);
                type = bundle.isPresent()
                        ? bundle.get().loadClass(name)
                        : Class.forName(name, false, ClassLoader.getSystemClassLoader());
            } else {
                // the base archive's classes, and generated ones
                return false;
            }
            type.getDeclaredConstructors();
            return true;
        } catch (ClassNotFoundException | LinkageError | IllegalStateException | SecurityException e) {
            // a deploy/ plugin's class (the training has none), a bundle gone, a class that does not link here
            return false;
        }
    }

    /** Whether a listed class goes into the archive: all but those only a pending migration loads. */
    static boolean archived(String className) {
        return !className.startsWith(MIGRATIONS_ONLY);
    }

    /** The training's bundle of the bot's jar {@code source} (a {@code file:} URL), if it is one of bundle/. */
    private Optional<Bundle> bundleOf(String source) {
        return jarOf(source)
                .filter(jar -> jar.startsWith(botBundles))
                .map(jar -> bundles.get(relative(botBundles, jar)));
    }

    /** The file a {@code file:} URL or bundle location names. */
    private static Optional<Path> jarOf(String url) {
        try {
            return Optional.of(Path.of(URI.create(url)));
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** {@code jar} under {@code root} as {@code <start level>/<file>}, the same for the bot's and the training's. */
    private static String relative(Path root, Path jar) {
        StringBuilder relative = new StringBuilder();
        for (Path part : root.relativize(jar)) {
            relative.append(relative.length() == 0 ? "" : "/").append(part);
        }
        return relative.toString();
    }
}
