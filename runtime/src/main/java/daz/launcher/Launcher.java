package daz.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts Apache Felix for a Daz home folder: framework properties from {@code etc/config.properties}, the
 * framework cache under {@code data/cache}, the bundles from {@code bundle/}. Returns when the framework
 * has stopped (shell {@code exit}/{@code shutdown}, end of input, or SIGTERM).
 */
final class Launcher {

    private static final long STOP_TIMEOUT_MS = 30_000;

    private final Path home;

    Launcher(Path home) {
        this.home = home;
    }

    int run() throws IOException, BundleException, InterruptedException {
        if (ClassDataArchive.isTraining()) {
            ClassDataArchive.endWithTheBot();
        }
        LinkPreparation.start();
        Map<String, String> properties = frameworkProperties();
        Files.createDirectories(home.resolve("data/log"));
        Files.createDirectories(home.resolve("deploy"));
        // Logging is configured from etc/daz.logging.cfg, unless an operator put a Logback XML file in etc/: Logback
        // reads that from a system property, before any bundle logs.
        Path logbackXml = home.resolve("etc/logback.xml");
        if (Files.exists(logbackXml) && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", logbackXml.toString());
        }
        System.setProperty("daz.home", home.toString());
        // zonky's binary resolver logs through slf4j-simple on the launcher class path: only its trouble
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
        // Until daz.platform hands java.util.logging to Logback, early JUL lines use the same layout.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty(
                    "java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-5s [%3$s] - %5$s%6$s%n");
        }

        Optional<EmbeddedDatabase> database = EmbeddedDatabase.startUnlessConfigured(home);
        database.ifPresent(db -> properties.putAll(db.frameworkProperties()));

        Framework framework = ServiceLoader.load(FrameworkFactory.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(properties);
        framework.init();
        new BundleDirectory(home.resolve("bundle")).reconcile(framework.getBundleContext());

        framework.getBundleContext().addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                reportStarted(framework);
                if (ClassDataArchive.isTraining()) {
                    stopWhenSettled(framework, home);
                } else {
                    ClassDataArchive.trainWhenSettled(home);
                }
            }
        });
        Thread stopper = new Thread(
                () -> {
                    stop(framework);
                    database.ifPresent(EmbeddedDatabase::close);
                },
                "daz-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);

        framework.start();
        FrameworkEvent stopped = framework.waitForStop(0);
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
            database.ifPresent(EmbeddedDatabase::close);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it stops the framework and the database
        }
        if (stopped.getType() == FrameworkEvent.ERROR) {
            LauncherLog.error("Daz stopped with an error: " + stopped.getThrowable(), stopped.getThrowable());
            return 1;
        }
        LauncherLog.info("Daz stopped");
        return 0;
    }

    private Map<String, String> frameworkProperties() throws IOException {
        Properties file = new Properties();
        Path config = home.resolve("etc/config.properties");
        if (Files.exists(config)) {
            try (InputStream in = Files.newInputStream(config)) {
                file.load(in);
            }
        }
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, home.resolve("data/cache").toString());
        properties.put("daz.home", home.toString());
        for (String name : file.stringPropertyNames()) {
            properties.put(name, file.getProperty(name).replace("${daz.home}", home.toString()));
        }
        // Headless (a service): the shell must not read stdin, nor stop the framework at its end.
        if (Boolean.parseBoolean(System.getProperty("daz.headless", System.getenv("DAZ_HEADLESS")))) {
            properties.put("gosh.args", "--nointeractive");
        }
        return properties;
    }

    private static void reportStarted(Framework framework) {
        Bundle[] bundles = framework.getBundleContext().getBundles();
        long notActive = Arrays.stream(bundles)
                .filter(b -> b.getState() != Bundle.ACTIVE && b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .peek(b -> LauncherLog.warn("Bundle " + b.getSymbolicName() + " " + b.getVersion() + " is not active"))
                .count();
        long sinceJvmStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        LauncherLog.info(String.format(
                "Daz started: %d bundles, %d not active, %d ms after JVM start",
                bundles.length, notActive, sinceJvmStart));
    }

    /**
     * The class-data training run: its start loaded what a start loads, and it loads what the bot's list adds; stop
     * cleanly, so that the JVM writes it.
     */
    private static void stopWhenSettled(Framework framework, Path home) {
        Thread stopper = new Thread(
                () -> {
                    try {
                        ClassDataArchive.awaitTrainedAndSettled(framework.getBundleContext());
                        int linked = ClassList.loadInto(framework.getBundleContext(), home);
                        LauncherLog.info("Class-data training: " + linked + " classes of the bot's list linked");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        LauncherLog.warn("Class-data training: the bot's class list not read (" + e + ")");
                    }
                    ClassDataArchive.keepClassesToTheExit(framework.getBundleContext());
                    stop(framework);
                },
                "daz-runtime-cds");
        stopper.setDaemon(true);
        stopper.start();
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MS);
        } catch (BundleException | InterruptedException e) {
            LauncherLog.error("Stopping Daz failed: " + e.getMessage(), e);
        }
    }
}
