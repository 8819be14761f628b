package daz.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.inject.Inject;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.PathUtils;
import org.osgi.framework.BundleContext;

/**
 * Base of every Pax Exam test: real Felix + SCR with every feature bundle at its declared start level, a work
 * folder of the test class's own (its etc/ watched by FileInstall, its logs), the shell headless.
 */
public abstract class DazTestSupport {

    /** The framework start level the runtime ends at (see runtime/src/main/dist/etc/config.properties). */
    public static final int FINAL_START_LEVEL = PlatformOptions.FINAL_START_LEVEL;

    @Inject
    protected BundleContext context;

    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        return new Option[] {
            composite(firstBundles()), platform(), composite(Features.provisioning()), composite(testOptions())
        };
    }

    /** Bundles a test class needs installed before the features (to watch them start). */
    protected Option[] firstBundles() {
        return new Option[0];
    }

    /** What a test class adds: its own bundles, a database, properties. */
    protected Option[] testOptions() {
        return new Option[0];
    }

    protected Option platform() {
        Path work = workDirectory(getClass());
        clean(work.resolve("etc"));
        clean(work.resolve("data/log"));
        writeConfiguration(work, "daz.sql", "url = " + IntegrationDatabase.createFor(getClass()));
        return PlatformOptions.of(work, Path.of(PathUtils.getBaseDir(), "src/test/resources/logback-test.xml"));
    }

    /**
     * Writes {@code etc/<pid>.cfg} in the class's work folder, where FileInstall hands it to ConfigAdmin as the
     * runtime does. Before the framework starts (from {@link #testOptions}) or while it runs.
     */
    public static void writeConfiguration(Path work, String pid, String... lines) {
        Path file = work.resolve("etc").resolve(pid + ".cfg");
        try {
            // atomically: FileInstall must never read a half-written file
            Path part = Files.write(file.resolveSibling(pid + ".cfg.part"), java.util.List.of(lines));
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clean(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDBC URL of this class's own database (see {@link IntegrationDatabase}). */
    protected String databaseUrl() {
        return IntegrationDatabase.urlFor(getClass());
    }

    /** {@code target/it-work/<test class>}: a folder of the class's own for configuration, logs and data. */
    public static Path workDirectory(Class<?> testClass) {
        Path work = Path.of(System.getProperty("daz.it.work", "target/it-work")).resolve(testClass.getSimpleName());
        try {
            Files.createDirectories(work.resolve("etc"));
            Files.createDirectories(work.resolve("data/log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return work.toAbsolutePath();
    }
}
