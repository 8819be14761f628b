package daz.slf4j.provider;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * SLF4J's provider in the runtime: Logback, configured from {@code etc/daz.logging.cfg} by {@link LogSettings}
 * (no XML parser, no Joran). When the system property {@code logback.configurationFile} names a Logback XML file
 * (the launcher sets it when {@code etc/logback.xml} exists; the integration tests set it), Logback reads that
 * instead, as it always does.
 */
public class DazLogbackProvider extends LogbackServiceProvider {

    @Override
    public void initialize() {
        super.initialize();
        if (LogSettings.xmlConfigured()) {
            return;
        }
        String dazHome = System.getProperty("daz.home");
        Path home = dazHome == null ? null : Path.of(dazHome);
        LogSettings.apply((LoggerContext) getLoggerFactory(), home, home == null ? Map.of() : LogSettings.read(home));
    }
}
