package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive survives a crash: the first run of a fresh unzip has it written while it runs (by a
 * training run beside it, which also loads the classes the run listed), so after a {@code kill -9} of that run the
 * next start maps its classes from it; the list is gone once the archive is there. (No
 * database: {@code daz.sql.embedded=false} keeps the embedded PostgreSQL out of a test about the JVM.)
 */
class ClassDataArchiveIT {

    @TempDir
    Path folder;

    private Process daz;

    @AfterEach
    void kill() throws Exception {
        if (daz != null && daz.isAlive()) {
            daz.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunKilledAfterItsStartLeavesTheArchiveTheNextStartMaps() throws Exception {
        Process unzip = new ProcessBuilder("unzip", "-q", System.getProperty("daz.zip"), "-d", folder.toString())
                .inheritIO()
                .start();
        assertThat(unzip.waitFor()).isZero();
        Path home = folder.resolve("daz");

        Path first = folder.resolve("first.log");
        daz = launch(home, first, "-Ddaz.sql.embedded=false");
        await(
                Duration.ofSeconds(90),
                "the archive written while running",
                first,
                () -> read(first).contains("Class-data archive written"));
        daz.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        List<Path> archives = cds(home);
        assertThat(archives).hasSize(1);
        assertThat(archives.get(0).getFileName().toString()).endsWith(".jsa");
        assertThat(Files.size(archives.get(0))).isGreaterThan(1 << 20);
        // the training has no channel, yet what a channel's link starts before it connects is in the archive
        String archived = archivedClasses(home, archives.get(0));
        assertThat(archived).contains(" org.eclipse.jetty.client.HttpClient ");
        assertThat(archived).contains(" org.eclipse.jetty.websocket.client.WebSocketClient ");
        assertThat(archived).contains(" sun.security.ssl.SSLEngineImpl ");
        // and what the bot loaded, listed for the training: the component of its channel configuration (the example
        // file), which the training, without configuration, never builds
        assertThat(archived).contains(" daz.core.CytubeConnection ");

        Path second = folder.resolve("second.log");
        Path classes = folder.resolve("classes.log");
        daz = launch(home, second, "-Ddaz.sql.embedded=false -Xlog:class+load:file=" + classes);
        await(
                Duration.ofSeconds(90),
                "the second start",
                second,
                () -> read(second).contains("Daz started:"));
        String loaded = read(classes);
        long fromArchive = loaded.lines()
                .filter(l -> l.contains("shared objects file (top)"))
                .count();
        long bundleClasses = loaded.lines()
                .filter(l -> l.contains("shared objects file (top)") && l.contains(" daz."))
                .count();
        assertThat(fromArchive).as("classes mapped from the run's own archive").isGreaterThan(1_000);
        assertThat(bundleClasses).as("Daz's bundle classes among them").isGreaterThan(50);
        assertThat(read(second)).doesNotContain("Class-data archive written");
    }

    private static Process launch(Path home, Path console, String javaOptions) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/daz").toString(), "--headless")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().put("JAVA_OPTS", javaOptions);
        return builder.start();
    }

    /** The classes in the archive, one a line ({@code <n>: <class> <loader>}), as the JVM lists them. */
    private static String archivedClasses(Path home, Path archive) throws IOException, InterruptedException {
        Path list = home.resolve("../archived.txt");
        Process java = new ProcessBuilder(
                        // the Java bin/daz picks, whose archive it is
                        System.getenv("JAVA_HOME") == null
                                ? "java"
                                : Path.of(System.getenv("JAVA_HOME"), "bin", "java")
                                        .toString(),
                        "-XX:SharedArchiveFile=" + archive,
                        "-XX:+PrintSharedArchiveAndExit",
                        "-jar",
                        home.resolve("lib/daz.runtime.jar").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(list.toFile())
                .start();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String classes = read(list);
        assertThat(classes).contains("archive is valid");
        return classes;
    }

    private static List<Path> cds(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("data/cds"))) {
            return files.toList();
        }
    }

    private void await(Duration timeout, String what, Path console, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !daz.isAlive()) {
                throw new AssertionError("waited " + timeout + " for " + what + "; console:\n" + read(console));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
