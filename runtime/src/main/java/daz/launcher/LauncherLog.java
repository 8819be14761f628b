package daz.launcher;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The launcher's few lines, as logger {@code daz.launcher}. While the framework's logging runs (daz.platform has put
 * SLF4J's bridge on java.util.logging's root logger) they go through it, so they reach {@code data/log/daz.log} as
 * well as the console, formatted by {@code etc/daz.logging.cfg}; before that and after it (the embedded database's
 * first lines, the last line of a stop) they are printed to the console in the same layout. SLF4J itself lives inside
 * the framework, out of the launcher's reach; java.util.logging is the JDK's and so shared.
 */
final class LauncherLog {

    static final String NAME = "daz.launcher";

    /** The class of the handler daz.platform installs on java.util.logging's root logger. */
    private static final String BRIDGE = "org.slf4j.bridge.SLF4JBridgeHandler";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private LauncherLog() {}

    static void info(String message) {
        log(Level.INFO, "INFO ", message, null);
    }

    static void warn(String message) {
        log(Level.WARNING, "WARN ", message, null);
    }

    static void error(String message, Throwable cause) {
        log(Level.SEVERE, "ERROR", message, Boolean.getBoolean("daz.launcher.debug") ? cause : null);
    }

    private static void log(Level level, String label, String message, Throwable cause) {
        if (bridged()) {
            Logger.getLogger(NAME).log(level, message, cause);
            return;
        }
        PrintStream out = System.out;
        out.printf(
                "%s %s [%s] %s - %s%n",
                LocalDateTime.now().format(TIME), label, Thread.currentThread().getName(), NAME, message);
        if (cause != null) {
            cause.printStackTrace(out);
        }
        out.flush();
    }

    /** Whether java.util.logging's records go to the framework's logging now. */
    static boolean bridged() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler.getClass().getName().equals(BRIDGE)) {
                return true;
            }
        }
        return false;
    }
}
