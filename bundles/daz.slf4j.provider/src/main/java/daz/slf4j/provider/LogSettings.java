package daz.slf4j.provider;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.WarnStatus;
import ch.qos.logback.core.util.FileSize;
import ch.qos.logback.core.util.StatusPrinter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The runtime's logging, from the keys of {@code etc/daz.logging.cfg}: the line {@code pattern} (Logback's
 * layout), the root {@code level} and one {@code level.<logger>} per logger, and the log file {@code
 * data/log/daz.log}, rolled daily and past {@code file.max.size}, gzipped, kept {@code file.max.history} days and
 * at most {@code file.total.size.cap} in all. Every line goes to the console and to the file (to the console alone
 * when there is no runtime home, as in a bundle's unit tests). A size or count that cannot be read is said on the
 * console and its default used. Read at the first log line by {@link DazLogbackProvider}, and again at each edit by
 * daz.platform (through ConfigAdmin).
 */
public final class LogSettings {

    /** The configuration PID (FileInstall reads {@code etc/daz.logging.cfg} into it). */
    public static final String PID = "daz.logging";

    static final Map<String, String> DEFAULTS = Map.of(
            "pattern", "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n",
            "level", "INFO",
            "file.max.size", "20MB",
            "file.max.history", "30",
            "file.total.size.cap", "1GB");

    private static Map<String, String> applied;

    private LogSettings() {}

    /** Whether Logback reads an XML file instead ({@code logback.configurationFile}); then this class does nothing. */
    public static boolean xmlConfigured() {
        return System.getProperty("logback.configurationFile") != null;
    }

    /** The keys of {@code <home>/etc/daz.logging.cfg}, none when it is missing or unreadable. */
    static Map<String, String> read(Path home) {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(home.resolve("etc/" + PID + ".cfg"), StandardCharsets.UTF_8)) {
            file.load(in);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            System.err.println("Logging: " + home.resolve("etc/" + PID + ".cfg") + " not read (" + e + "): defaults");
            return Map.of();
        }
        Map<String, String> keys = new TreeMap<>();
        file.stringPropertyNames().forEach(k -> keys.put(k, file.getProperty(k).trim()));
        return keys;
    }

    /**
     * Configures {@code context} from {@code properties} (any other keys, such as ConfigAdmin's, are ignored),
     * unless the same settings are in force already. Returns whether it changed anything.
     *
     * @param home the runtime's folder, whose {@code data/log} gets the file; {@code null}: the console alone
     */
    public static synchronized boolean apply(LoggerContext context, Path home, Map<String, ?> properties) {
        Map<String, String> settings = new TreeMap<>(DEFAULTS);
        properties.forEach((key, value) -> {
            if (value != null && (DEFAULTS.containsKey(key) || key.startsWith("level."))) {
                settings.put(key, value.toString().trim());
            }
        });
        if (settings.equals(applied)) {
            return false;
        }
        long since = System.currentTimeMillis();
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.get("level"), Level.INFO));
        settings.forEach((key, value) -> {
            if (key.startsWith("level.")) {
                context.getLogger(key.substring("level.".length())).setLevel(Level.toLevel(value, null));
            }
        });
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context, settings.get("pattern")));
        console.start();
        root.addAppender(console);
        if (home != null) {
            root.addAppender(file(context, home, settings));
        }
        applied = settings;
        // as Logback does after reading its XML: a file that cannot be opened or a bad size is said on the console
        StatusPrinter.printInCaseOfErrorsOrWarnings(context, since);
        return true;
    }

    private static RollingFileAppender<ILoggingEvent> file(
            LoggerContext context, Path home, Map<String, String> settings) {
        Path folder = home.resolve("data/log");
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(folder.resolve("daz.log").toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(
                folder.resolve("daz.%d{yyyy-MM-dd}.%i.log.gz").toString());
        rolling.setMaxFileSize(size(context, settings, "file.max.size"));
        rolling.setMaxHistory(count(context, settings, "file.max.history"));
        rolling.setTotalSizeCap(size(context, settings, "file.total.size.cap"));
        rolling.start();
        file.setRollingPolicy(rolling);
        file.setEncoder(encoder(context, settings.get("pattern")));
        file.start();
        return file;
    }

    /** A size such as {@code 20MB}; one that cannot be read is said on the console and the default taken. */
    private static FileSize size(LoggerContext context, Map<String, String> settings, String key) {
        try {
            return FileSize.valueOf(settings.get(key));
        } catch (IllegalArgumentException e) {
            unreadable(context, settings, key);
            return FileSize.valueOf(DEFAULTS.get(key));
        }
    }

    /** A whole number of at least 0; one that cannot be read is said on the console and the default taken. */
    private static int count(LoggerContext context, Map<String, String> settings, String key) {
        try {
            int value = Integer.parseInt(settings.get(key));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        unreadable(context, settings, key);
        return Integer.parseInt(DEFAULTS.get(key));
    }

    private static void unreadable(LoggerContext context, Map<String, String> settings, String key) {
        context.getStatusManager()
                .add(new WarnStatus(
                        PID + ".cfg: " + key + " = '" + settings.get(key) + "' cannot be read; " + DEFAULTS.get(key)
                                + " is used",
                        LogSettings.class));
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
