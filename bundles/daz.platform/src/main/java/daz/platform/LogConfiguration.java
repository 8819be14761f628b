package daz.platform;

import ch.qos.logback.classic.LoggerContext;
import daz.slf4j.provider.LogSettings;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edits of {@code etc/daz.logging.cfg} (levels, line pattern, log file sizes) applied live: FileInstall hands the file
 * to ConfigAdmin, and this component to Logback. The same file was read at the first log line, so the first
 * configuration it gets changes nothing. With a Logback XML file ({@code etc/logback.xml}) the file is Logback's.
 */
@Component(configurationPid = LogSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class LogConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LogConfiguration.class);

    private final Path home;

    @Activate
    public LogConfiguration(BundleContext context, Map<String, Object> properties) {
        String dazHome = context.getProperty("daz.home");
        this.home = dazHome == null ? null : Path.of(dazHome);
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        if (LogSettings.xmlConfigured()) {
            LOG.info(
                    "Logging is configured by {}; {}.cfg is not used",
                    System.getProperty("logback.configurationFile"),
                    LogSettings.PID);
        } else if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback
                && LogSettings.apply(logback, home, properties)) {
            LOG.info("Logging configured from {}.cfg", LogSettings.PID);
        }
    }
}
