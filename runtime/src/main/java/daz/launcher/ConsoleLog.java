package daz.launcher;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The launcher's few lines, before and around the framework, in the same layout as {@code etc/daz.logging.cfg}
 * (SLF4J lives inside the framework, out of the launcher's reach).
 */
final class ConsoleLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private ConsoleLog() {}

    static void info(String message) {
        print(System.out, "INFO ", message);
    }

    static void warn(String message) {
        print(System.out, "WARN ", message);
    }

    static void error(String message, Throwable cause) {
        print(System.out, "ERROR", message);
        if (cause != null && Boolean.getBoolean("daz.launcher.debug")) {
            cause.printStackTrace(System.out);
        }
    }

    private static void print(PrintStream out, String level, String message) {
        out.printf(
                "%s %s [%s] daz.launcher - %s%n",
                LocalDateTime.now().format(TIME), level, Thread.currentThread().getName(), message);
        out.flush();
    }
}
