package daz.itests;

import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    public static final int FINAL_START_LEVEL = 10;

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
        return composite(
                cleanCaches(),
                frameworkStartLevel(FINAL_START_LEVEL),
                junitBundles(),
                systemProperty("daz.home").value(work.toString()),
                systemProperty("gosh.args").value("--nointeractive"),
                systemProperty("logback.configurationFile")
                        .value(PathUtils.getBaseDir() + "/src/test/resources/logback-test.xml"),
                frameworkProperty("felix.fileinstall.dir")
                        .value(work.resolve("etc").toString()),
                frameworkProperty("felix.fileinstall.filter").value(".*\\.(cfg|config)"),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.log.default").value("jul"));
    }

    /** {@code target/it-work/<test class>}: emptied for each run of the class. */
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
