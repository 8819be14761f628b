package daz.launcher;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;

/**
 * What the JDK builds once, lazily, on a channel's way to its first login, built instead on a thread beside the
 * framework's start (which keeps one core busy and leaves the other mostly idle until daz.core starts):
 *
 * <ul>
 *   <li>the TLS set-up: the trust store read and parsed, cipher suites, random source (0.3-0.7 s even with the classes
 *       archived); the JDK keeps the trust store it read for the default context, so the link's context only looks it
 *       up;
 *   <li>the list of all locales (Jetty's {@code MimeTypes} asks for it when the discovery request's response parser is
 *       first made: some 40 ms of the link's path, on a busy start more);
 *   <li>whether object references are compressed, which Jetty's {@code MemoryUtils} (first used by the link's thread
 *       pool) otherwise asks the JMX platform MBean server, whose start registers and introspects every platform MXBean
 *       (60-100 ms of the link's path): set as the system property Jetty reads first, with the value Jetty would work
 *       out ({@value #CACHE_LINE_BYTES} bytes a cache line over the size of a reference).
 * </ul>
 */
final class LinkPreparation {

    /** Jetty's system property for the number of references in a cache line. */
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /** Jetty's default cache line, when {@code org.eclipse.jetty.util.cacheLineBytes} is not set. */
    private static final int CACHE_LINE_BYTES = 64;

    private LinkPreparation() {}

    /** Starts the preparation on a daemon thread; returns at once. */
    static void start() {
        Thread thread = new Thread(LinkPreparation::prepare, "daz-runtime-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    private static void prepare() {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            referencesPerCacheLine().ifPresent(n -> System.setProperty(REFERENCES_PER_CACHE_LINE, Integer.toString(n)));
        }
        try {
            SSLContext.getDefault().createSSLEngine();
        } catch (Exception e) {
            // a JDK without TLS: the link says so when it needs it
        }
        Locale.getAvailableLocales();
    }

    /** As Jetty works it out: 4-byte references when compressed, else 8; empty on a JVM that does not say. */
    static OptionalInt referencesPerCacheLine() {
        try {
            String compressed = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseCompressedOops")
                    .getValue();
            int cacheLine = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", CACHE_LINE_BYTES);
            return OptionalInt.of(cacheLine / (Boolean.parseBoolean(compressed) ? Integer.BYTES : Long.BYTES));
        } catch (RuntimeException e) {
            // not HotSpot, or no such option: Jetty finds out itself
            return OptionalInt.empty();
        }
    }
}
