package daz.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The runtime distribution (the {@code daz.runtime} zip, a dependency of this module that the build unpacks into
 * {@code target/runtime/daz}) copied into a test's work folder and run as an operator runs it:
 * {@code bin/daz --headless} as a child process, configured by files in its {@code etc/}. For tests that restart or
 * kill the whole runtime, and for benchmarks that measure the process (start time, RSS).
 */
public final class RuntimeProcess implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(90);

    private final Path work;
    private final Path home;
    private final List<Run> runs = new ArrayList<>();

    private RuntimeProcess(Path work) {
        this.work = work;
        this.home = work.resolve("daz");
    }

    /**
     * A fresh copy of the unpacked runtime in {@code target/it-work/<test class>/daz}: nothing an earlier start left
     * there (framework cache, journal, logs, embedded database) is kept.
     */
    public static RuntimeProcess unpack(Class<?> test) {
        Path runtime = Path.of(System.getProperty("daz.runtime", "target/runtime/daz"))
                .toAbsolutePath()
                .normalize();
        assertTrue(
                "no unpacked runtime at " + runtime + ": install it first (mvn -B install -DskipTests)",
                Files.isExecutable(runtime.resolve("bin/daz")));
        RuntimeProcess process = new RuntimeProcess(DazTestSupport.workDirectory(test));
        killProcessesOf(process.home);
        try {
            deleteTree(process.home);
            copyTree(runtime, process.home);
            for (String leftover : List.of("data/journal", "data/cache", "data/log", "data/pg")) {
                deleteTree(process.home.resolve(leftover));
            }
            Files.createDirectories(process.home.resolve("data/log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process;
    }

    public Path home() {
        return home;
    }

    public Path work() {
        return work;
    }

    /** Writes {@code etc/<pid>.cfg}, read by FileInstall at start (and live while the runtime runs). */
    public RuntimeProcess configure(String pid, String... lines) {
        DazTestSupport.writeConfiguration(home, pid, lines);
        return this;
    }

    /** Starts {@code bin/daz --headless}, its console going to {@code <work>/<logName>}; does not wait. */
    public Run launch(String logName) {
        return launch(logName, Map.of());
    }

    /** The same, with these environment variables set for {@code bin/daz} (e.g. {@code DAZ_CDS=off}). */
    public Run launch(String logName, Map<String, String> environment) {
        Path log = work.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/daz").toString(), "--headless")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            long launched = System.currentTimeMillis();
            Run run = new Run(builder.start(), log, launched);
            runs.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the runtime and waits for the launcher's "Daz started:" (every bundle started). */
    public Run start(String logName) {
        Run run = launch(logName);
        run.awaitConsole("Daz started:", START);
        return run;
    }

    /** The runtime's own log ({@code data/log/daz.log}, all runs). */
    public String log() {
        return read(home.resolve("data/log/daz.log"));
    }

    /** Every file the runs wrote: console outputs and {@code data/log}. */
    public List<Path> logFiles() {
        List<Path> logs = new ArrayList<>();
        runs.forEach(r -> logs.add(r.console));
        try (Stream<Path> files = Files.walk(home.resolve("data/log"))) {
            files.filter(Files::isRegularFile).forEach(logs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logs;
    }

    /**
     * Kills whatever run is still alive, and every other process started from this copy of the runtime: a run's
     * class-data training JVM outlives the run by design (a killed run leaves it writing the archive under
     * {@code data/cds}), and so may the embedded postmaster; the next test's {@link #unpack} deletes that folder.
     */
    @Override
    public void close() {
        runs.stream().map(r -> r.process).filter(Process::isAlive).forEach(Process::destroyForcibly);
        killProcessesOf(home);
    }

    /** Kills the processes whose command line names a path under {@code home}, and waits for them to end. */
    static void killProcessesOf(Path home) {
        String folder = home.toString() + "/";
        List<ProcessHandle> started = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p ->
                        p.info().commandLine().filter(c -> c.contains(folder)).isPresent())
                .toList();
        started.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : started) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("process " + process.pid() + " of " + home + " did not end", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One start of the runtime. */
    public static final class Run {

        private final Process process;
        private final Path console;
        private final long launchedAtMillis;

        private Run(Process process, Path console, long launchedAtMillis) {
            this.process = process;
            this.console = console;
            this.launchedAtMillis = launchedAtMillis;
        }

        /** The JVM's process id ({@code bin/daz} execs java). */
        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Wall-clock time (epoch ms) just before the process was started. */
        public long launchedAtMillis() {
            return launchedAtMillis;
        }

        public String console() {
            return read(console);
        }

        /** Waits until the console shows {@code text}; fails early if the process ends. */
        public void awaitConsole(String text, Duration timeout) {
            Await.until(timeout, "'" + text + "' in " + console, () -> {
                assertTrue(
                        "the runtime exited; see " + console,
                        process.isAlive() || console().contains(text));
                return console().contains(text);
            });
        }

        /** Resident memory of the JVM (bin/daz execs java, so this is its pid), in MiB. */
        public long rssMb() {
            for (String line : read(Path.of("/proc", Long.toString(process.pid()), "status"))
                    .split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for pid " + process.pid());
        }

        /** SIGKILL, and waits for the process to be gone. */
        public void kill() {
            process.destroyForcibly();
            awaitExit();
        }

        /** SIGTERM (the runtime stops its framework cleanly), and waits for the process to be gone. */
        public void stop() {
            process.destroy();
            awaitExit();
        }

        private void awaitExit() {
            try {
                assertTrue("the runtime ended", process.waitFor(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the runtime to end", e);
            }
        }
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
