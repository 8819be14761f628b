package daz.launcher;

import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The class-data sharing archive, written by a short training run beside the bot instead of at the bot's own exit:
 * JDK 17 writes a dynamic archive only when a JVM exits cleanly ({@code -XX:ArchiveClassesAtExit}), and a run that is
 * killed ({@code kill -9}, a power cut) never does, so every start after a crash went without one. (Writing it from
 * the running bot, {@code jcmd VM.cds dynamic_dump}, works without an exit but leaves the bot some 75 MB larger for
 * the rest of its run.)
 *
 * <p>{@code bin/daz} asks for it (system property {@value #PROPERTY}, the archive's path) on a run that found no
 * usable archive. Once the bot's framework has started and its class loading has settled, a second JVM, niced, with
 * the bot's memory and GC options, starts the same launcher and bundles in a training folder under {@code data/cds}
 * (no configuration: no channel, no database, no shell on the terminal; daz.core's {@code ClassDataTraining} starts
 * and stops there the Jetty clients a channel connects with, without connecting), waits for its own start to settle, and
 * stops cleanly, writing the archive at its exit to a temporary file that is moved into place when complete. The
 * bot's own process, memory and later crash do not matter to it.
 */
final class ClassDataArchive {

    static final String PROPERTY = "daz.cds.train";
    /** Set in the training JVM: the launcher stops the framework once its start has settled. */
    static final String TRAINING = "daz.cds.training";
    /** The bot's pid, given to the training JVM. */
    private static final String BOT = "daz.cds.bot";

    /**
     * Registered (a marker service with this property {@code true}) by daz.core's {@code ClassDataTraining} in the
     * training JVM once it has started and stopped a channel's Jetty clients.
     */
    private static final String TRAINED = "daz.cds.trained";
    /** How long the training waits for that marker (without daz.core it never comes). */
    private static final long TRAINED_MILLIS = 30_000;

    private static final long QUIET_MILLIS = 1_500;
    private static final long LATEST_MILLIS = 60_000;
    private static final long POLL_MILLIS = 250;
    private static final long TRAINING_MILLIS = 120_000;

    /**
     * In the training JVM: the bundles' class loaders, from just before the framework stops to the JVM's exit, where
     * the archive is written from the classes still loaded. Once stopped, nothing else refers to them: a full collection
     * in between (the metaspace's threshold, crossed by what the stop itself loads) unloaded every class of the bundles
     * started after level 2, and the archive held only the framework and the first bundles (12 MB instead of 22).
     */
    private static final List<ClassLoader> KEPT = new ArrayList<>();

    private final Path home;
    private final Path archive;

    private ClassDataArchive(Path home, Path archive) {
        this.home = home;
        this.archive = archive;
    }

    /** In the bot: starts the training once class loading has settled, if {@code bin/daz} asked for an archive. */
    static void trainWhenSettled(Path home) {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            return;
        }
        Thread thread = new Thread(new ClassDataArchive(home, Path.of(path))::train, "daz-runtime-cds");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    static boolean isTraining() {
        return Boolean.getBoolean(TRAINING);
    }

    /**
     * In the training JVM: ends it at once if the bot that started it is gone (killed): nobody would move its archive
     * into place, and the next start, which trains again, should not share the CPU with it.
     */
    static void endWithTheBot() {
        // by its pid: if the bot is gone already, this process's parent is whoever adopted it
        Optional<ProcessHandle> bot = ProcessHandle.of(Long.getLong(BOT, -1));
        if (bot.isEmpty() || !bot.get().isAlive()) {
            Runtime.getRuntime().halt(1);
        }
        bot.get().onExit().thenRun(() -> Runtime.getRuntime().halt(1));
    }

    /**
     * In the training JVM: waits until daz.core's training has loaded what a channel's link loads before it connects
     * ({@link #TRAINED}), at most {@link #TRAINED_MILLIS}; then {@link #awaitSettled()}.
     */
    static void awaitTrainedAndSettled(BundleContext context) throws InterruptedException {
        long started = System.nanoTime();
        while (!trained(context) && System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(TRAINED_MILLIS)) {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        awaitSettled();
    }

    /** In the training JVM: keeps every bundle's classes loaded to the exit ({@link #KEPT}), whatever stops them. */
    static void keepClassesToTheExit(BundleContext context) {
        synchronized (KEPT) {
            for (Bundle bundle : context.getBundles()) {
                BundleWiring wiring = bundle.adapt(BundleWiring.class);
                ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
                if (loader != null) {
                    KEPT.add(loader);
                }
            }
        }
    }

    private static boolean trained(BundleContext context) {
        try {
            return context.getServiceReferences((String) null, "(" + TRAINED + "=true)") != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No new class for {@link #QUIET_MILLIS} (the start, the channels' joins and first events are done), or late. */
    static void awaitSettled() throws InterruptedException {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long started = System.nanoTime();
        long loaded = classes.getTotalLoadedClassCount();
        long quietSince = started;
        while (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(LATEST_MILLIS)) {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            long now = classes.getTotalLoadedClassCount();
            if (now != loaded) {
                loaded = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                return;
            }
        }
    }

    private void train() {
        long pid = ProcessHandle.current().pid();
        Path temporary = archive.resolveSibling(archive.getFileName() + ".tmp-" + pid);
        Path folder = archive.resolveSibling("training-" + pid);
        try {
            awaitSettled();
            long start = System.nanoTime();
            prepare(folder);
            Process training = new ProcessBuilder(command(folder, temporary))
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("console.log").toFile())
                    .start();
            if (!training.waitFor(TRAINING_MILLIS, TimeUnit.MILLISECONDS)) {
                training.destroyForcibly();
                throw new IllegalStateException("the training run did not end within " + TRAINING_MILLIS + " ms");
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(temporary) || Files.size(temporary) == 0) {
                throw new IllegalStateException("the training run ended with status " + training.exitValue()
                        + " and wrote no archive; see " + folder.resolve("console.log"));
            }
            Files.move(temporary, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            deleteTree(folder);
            // this JVM still appends a class it loads later to it, to a file no longer there
            Optional<Path> list = ClassList.ofThisRun();
            if (list.isPresent()) {
                Files.deleteIfExists(list.get());
            }
            deleteLeftovers();
            LauncherLog.info(String.format(
                    "Class-data archive written (%d MB, a training run of %d ms): later starts map it",
                    Files.size(archive) >> 20, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LauncherLog.warn("No class-data archive written (" + e.getMessage() + "); the next start tries again");
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // removed with the leftovers after the next training
            }
        }
    }

    /** The training folder: the framework's configuration and logging, the bundles (a link), nothing else. */
    private void prepare(Path folder) throws IOException {
        deleteTree(folder);
        Files.createDirectories(folder.resolve("etc"));
        Files.createDirectories(folder.resolve("data/log"));
        for (String file : List.of("config.properties", "daz.logging.cfg", "logback.xml")) {
            Path source = home.resolve("etc").resolve(file);
            if (Files.exists(source)) {
                Files.copy(source, folder.resolve("etc").resolve(file));
            }
        }
        Files.createSymbolicLink(folder.resolve("bundle"), home.resolve("bundle"));
    }

    /** This JVM's memory, GC and JIT options (no logging, agents or properties of its own), niced when it can be. */
    private List<String> command(Path folder, Path temporary) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
            command.addAll(List.of("/usr/bin/nice", "-n", "10"));
        }
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("-X")
                    && !option.startsWith("-Xlog")
                    && !option.startsWith("-XX:SharedArchiveFile")
                    && !option.startsWith("-XX:ArchiveClassesAtExit")) {
                command.add(option);
            }
        }
        command.addAll(List.of(
                "-XX:ArchiveClassesAtExit=" + temporary,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "-D" + TRAINING + "=true",
                "-D" + BOT + "=" + ProcessHandle.current().pid(),
                "-Ddaz.home=" + folder,
                "-Ddaz.headless=true",
                "-Ddaz.sql.embedded=false"));
        ClassList.ofThisRun().ifPresent(list -> {
            command.add("-D" + ClassList.PROPERTY + "=" + list);
            command.add("-D" + ClassList.BUNDLES + "=" + home.resolve("bundle"));
        });
        command.addAll(List.of("-jar", home.resolve("lib/daz.runtime.jar").toString()));
        return command;
    }

    /**
     * What trainings of killed bots left (their JVM ends with its bot, sometimes after the next start cleaned up), and
     * the class lists of bots killed before their training was done.
     */
    private void deleteLeftovers() throws IOException {
        // <archive>.tmp-<pid>, training-<pid>, classes-<pid>.txt: the pid of the JVM that made it
        Pattern leftover = Pattern.compile(
                Pattern.quote(archive.getFileName() + ".tmp-") + "([0-9]+)|training-([0-9]+)|classes-([0-9]+)\\.txt");
        try (Stream<Path> files = Files.list(archive.getParent())) {
            for (Path file : files.toList()) {
                Matcher name = leftover.matcher(file.getFileName().toString());
                if (!name.matches()) {
                    continue;
                }
                String pid = Stream.of(name.group(1), name.group(2), name.group(3))
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElseThrow();
                if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    try {
                        deleteTree(file);
                    } catch (IOException e) {
                        // its training JVM may still be ending (it follows its bot within a second): next time
                        LauncherLog.info("Class-data: " + file + " not removed yet (" + e + ")");
                    }
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) { // does not follow the bundle link
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
