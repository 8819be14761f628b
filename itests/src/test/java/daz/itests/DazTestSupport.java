package daz.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.PathUtils;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Base of every Pax Exam test: real Felix + SCR with every feature bundle at its declared start level, a work
 * folder of the test class's own (its etc/ watched by FileInstall, its logs), the shell headless, and a database of
 * the class's own ({@link TestDatabase#ofThisClass()}). {@link #shell} types a command into the Gogo shell.
 */
public abstract class DazTestSupport {

    /** The framework start level the runtime ends at (see runtime/src/main/dist/etc/config.properties). */
    public static final int FINAL_START_LEVEL = PlatformOptions.FINAL_START_LEVEL;

    @Inject
    protected BundleContext context;

    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        return new Option[] {
            composite(firstBundles()),
            platform(),
            systemProperty(TestDatabase.URL_PROPERTY).value(databaseUrl()),
            composite(Features.provisioning()),
            composite(testOptions())
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

    /** Runs one command in a Gogo session of its own and returns what it printed, then what it returned. */
    protected String shell(String command) throws Exception {
        ServiceReference<CommandProcessor> ref = Await.value(
                Duration.ofSeconds(10), "the Gogo shell", () -> context.getServiceReference(CommandProcessor.class));
        CommandProcessor processor = context.getService(ref);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            return out.toString(StandardCharsets.UTF_8) + (result == null ? "" : result.toString());
        } finally {
            context.ungetService(ref);
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
