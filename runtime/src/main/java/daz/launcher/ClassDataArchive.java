package daz.launcher;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * Writes the class-data sharing archive of this run while it runs, so that a run that is killed ({@code kill -9}, a
 * power cut) still leaves one for the next start. JDK 17 can write a dynamic archive at exit only
 * ({@code -XX:ArchiveClassesAtExit}), and a killed run never exits; but a JVM started with
 * {@code -XX:+RecordDynamicDumpInfo} can write it at any moment ({@code jcmd <pid> VM.cds dynamic_dump}, here through
 * the same diagnostic command in-process).
 *
 * <p>{@code bin/daz} asks for it (system property {@value #PROPERTY}, the archive's path) on a run that found no
 * usable archive. Once the framework has started, this waits until class loading has settled (no new class for
 * {@link #QUIET_MILLIS}: the channels joined, the first events handled), at most {@link #LATEST_MILLIS}, and dumps
 * to a temporary file moved into place when complete: a run killed during the dump leaves no half archive. The dump
 * holds the JVM at a safepoint for about a second (30 MB), once per installation and Java.
 */
final class ClassDataArchive {

    static final String PROPERTY = "daz.cds.dump";

    private static final long QUIET_MILLIS = 1_500;
    private static final long LATEST_MILLIS = 60_000;
    private static final long POLL_MILLIS = 250;

    private final Path archive;

    private ClassDataArchive(Path archive) {
        this.archive = archive;
    }

    /** Starts the wait-and-dump thread if {@code bin/daz} asked for an archive; call once the framework started. */
    static void dumpWhenSettled() {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            return;
        }
        Thread thread = new Thread(new ClassDataArchive(Path.of(path))::run, "daz-runtime-cds");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private void run() {
        Path temporary = archive.resolveSibling(
                archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            awaitSettled();
            dump(temporary);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            ConsoleLog.warn("No class-data archive written (" + e + "); the next start tries again");
            try {
                Files.deleteIfExists(temporary);
            } catch (java.io.IOException ignored) {
                // bin/daz removes leftovers at the next start
            }
        }
    }

    private static void awaitSettled() throws InterruptedException {
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

    private void dump(Path temporary) throws Exception {
        Files.deleteIfExists(temporary);
        long start = System.nanoTime();
        ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "vmCds",
                        new Object[] {new String[] {"dynamic_dump", temporary.toString()}},
                        new String[] {String[].class.getName()});
        if (!Files.isRegularFile(temporary) || Files.size(temporary) == 0) {
            throw new IllegalStateException("the JVM wrote no archive to " + temporary);
        }
        Files.move(temporary, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ConsoleLog.info(String.format(
                "Class-data archive written (%d MB, %d ms): later starts map it",
                Files.size(archive) >> 20, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    }
}
