package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator gets it: the zip unpacked into an empty folder, {@code bin/daz} started, the
 * shell typed into, the deploy/ folder and etc/ used, and the process ending with status 0.
 */
class RuntimeDistributionIT {

    @TempDir
    Path folder;

    private Process daz;
    private Writer shell;
    private final StringBuffer console = new StringBuffer();
    private Thread reader;

    @BeforeEach
    void unpackAndStart() throws Exception {
        Path zip = Path.of(System.getProperty("daz.zip"));
        Process unzip = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", folder.toString())
                .inheritIO()
                .start();
        assertThat(unzip.waitFor()).isZero();
        Path home = folder.resolve("daz");
        assertThat(home.resolve("bin/daz")).isExecutable();

        daz = new ProcessBuilder(home.resolve("bin/daz").toString())
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .start();
        shell = new java.io.OutputStreamWriter(daz.getOutputStream(), StandardCharsets.UTF_8);
        reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(daz.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            console.append(line).append('\n');
                        }
                    } catch (IOException e) {
                        console.append("<console closed: ").append(e).append(">\n");
                    }
                },
                "daz-console");
        reader.setDaemon(true);
        reader.start();
        await(Duration.ofSeconds(30), "Daz started", () -> console.indexOf("Daz started:") >= 0);
    }

    @AfterEach
    void stop() throws Exception {
        if (daz.isAlive()) {
            daz.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void lbListsTheBundlesAndShutdownEndsWithStatusZero() throws Exception {
        assertThat(console.toString()).contains("0 not active");
        type("lb");
        // lb's rows look like "   28|Active     |    4|daz.eventbus (0.1.0.SNAPSHOT)|0.1.0.SNAPSHOT"
        await(Duration.ofSeconds(10), "lb output", () -> console.indexOf("|daz.eventbus (") >= 0);
        assertThat(console.toString())
                .contains("|Apache Felix Declarative Services (")
                .contains("|daz.shell (");

        type("daz:shutdown");
        assertThat(daz.waitFor(30, TimeUnit.SECONDS)).as("stopped in time").isTrue();
        assertThat(daz.exitValue()).isZero();
        reader.join(TimeUnit.SECONDS.toMillis(10)); // the console read to its end
        assertThat(console.toString()).contains("Daz stopped");
        // the launcher's lines while the framework's logging runs are in the log file too, as the bundles' are
        assertThat(Files.readString(folder.resolve("daz/data/log/daz.log")))
                .contains("[FelixDispatchQueue] daz.launcher - Daz started: ");
        // Felix SCR kept the component descriptions it read, for the next start (ds.cache.metadata)
        try (var stores = Files.find(
                folder.resolve("daz/data/cache"), 4, (path, attributes) -> path.endsWith("componentMetadataStore"))) {
            assertThat(stores.toList()).as("SCR's component metadata cache").hasSize(1);
        }
    }

    @Test
    void aJarInDeployIsInstalledStartedAndUpdatedWhenReplaced() throws Exception {
        Path deploy = folder.resolve("daz/deploy");
        long copied = System.nanoTime();
        writeBundle(deploy.resolve("hello.jar"), "1.0.0");
        awaitInShell(Duration.ofSeconds(5), "daz.test.hello (1.0.0)", "Active");
        long installedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - copied);
        System.out.println("deploy: installed and started " + installedMs + " ms after the copy");

        writeBundle(deploy.resolve("hello.jar"), "2.0.0");
        awaitInShell(Duration.ofSeconds(5), "daz.test.hello (2.0.0)", "Active");

        Files.delete(deploy.resolve("hello.jar"));
        await(Duration.ofSeconds(5), "the bundle uninstalled", () -> {
            typeQuietly("lb");
            return console.lastIndexOf("START LEVEL") > console.lastIndexOf("daz.test.hello");
        });
    }

    @Test
    void badInputIsLoggedByFileNameAndTheRuntimeCarriesOn() throws Exception {
        Path etc = folder.resolve("daz/etc");
        Files.writeString(etc.resolve("daz.broken.cfg"), "key = \\uZZZZ broken escape\n");
        Path notABundle = folder.resolve("daz/deploy/not-a-bundle.jar");
        try (OutputStream out = Files.newOutputStream(notABundle);
                JarOutputStream jar = new JarOutputStream(out, new Manifest())) {
            jar.putNextEntry(new ZipEntry("lib/Plain.class"));
        }

        await(
                Duration.ofSeconds(10),
                "a log line naming the malformed configuration file",
                () -> console.toString()
                        .lines()
                        .anyMatch(l -> l.contains("daz.broken.cfg") && (l.contains("WARN") || l.contains("ERROR"))));
        await(
                Duration.ofSeconds(10),
                "a log line naming the non-bundle jar",
                () -> console.toString()
                        .lines()
                        .anyMatch(l -> l.contains("not-a-bundle.jar") && (l.contains("WARN") || l.contains("ERROR"))));

        // still serving: a good bundle dropped afterwards is started
        writeBundle(folder.resolve("daz/deploy/after.jar"), "1.0.0");
        awaitInShell(Duration.ofSeconds(5), "daz.test.hello (1.0.0)", "Active");
        assertThat(daz.isAlive()).isTrue();
    }

    private void awaitInShell(Duration timeout, String bundle, String state) {
        await(timeout, bundle + " " + state, () -> {
            typeQuietly("lb");
            return console.toString().lines().anyMatch(l -> l.contains(bundle) && l.contains(state));
        });
    }

    /** A plugin jar as an author's build makes it (a manifest is all FileInstall needs). */
    private static void writeBundle(Path jar, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "daz.test.hello");
        main.putValue("Bundle-Version", version);
        // write next to the target and move, as a copy tool does, so FileInstall never sees half a jar
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp);
                JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new ZipEntry("daz/test/hello/readme.txt"));
            jarOut.write(("version " + version).getBytes(StandardCharsets.UTF_8));
        }
        Files.move(
                tmp,
                jar,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void type(String line) throws IOException {
        shell.write(line + "\n");
        shell.flush();
    }

    private void typeQuietly(String line) {
        try {
            type(line);
        } catch (IOException e) {
            throw new AssertionError("the shell is gone: " + console, e);
        }
    }

    /** Awaitility's wait, failing at once if the runtime has ended; any failure shows the console. */
    private void await(Duration timeout, String what, BooleanSupplier condition) {
        try {
            Awaitility.await(what)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!daz.isAlive()) {
                            throw new IllegalStateException("the runtime ended");
                        }
                        return condition.getAsBoolean();
                    });
        } catch (ConditionTimeoutException | IllegalStateException e) {
            throw new AssertionError("waited " + timeout + " for " + what + "; console:\n" + console, e);
        }
    }
}
