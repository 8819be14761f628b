package daz.itests;

import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import org.ops4j.pax.exam.Option;

/**
 * The Felix platform as Daz's runtime sets it up, for Pax Exam: start level, the headless shell, logging, and
 * FileInstall watching {@code <work>/etc} for configurations. Shared with {@code daz.testsupport} (one source).
 */
public final class PlatformOptions {

    /** The framework start level the runtime ends at (see runtime/src/main/dist/etc/config.properties). */
    public static final int FINAL_START_LEVEL = 10;

    private PlatformOptions() {}

    /** {@code work} is {@code daz.home}: configurations in {@code etc/}, logs in {@code data/log}. */
    public static Option of(Path work, Path logbackConfiguration) {
        return composite(
                cleanCaches(),
                frameworkStartLevel(FINAL_START_LEVEL),
                junitBundles(),
                systemProperty("daz.home").value(work.toString()),
                systemProperty("gosh.args").value("--nointeractive"),
                systemProperty("logback.configurationFile").value(logbackConfiguration.toString()),
                frameworkProperty("felix.fileinstall.dir")
                        .value(work.resolve("etc").toString()),
                frameworkProperty("felix.fileinstall.filter").value(".*\\.(cfg|config)"),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.log.default").value("jul"),
                // tests change configurations through ConfigAdmin too; FileInstall must not write those into etc/
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
    }
}
