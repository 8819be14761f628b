package daz.platform;

import java.util.logging.LogManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends java.util.logging records (FileInstall, the PostgreSQL driver, the JDK) to SLF4J, so that
 * everything in the runtime ends up in the one Logback configuration ({@code etc/daz.logging.cfg}).
 */
@Component(immediate = true)
public class JulBridge {

    @Activate
    public JulBridge() {
        // JUL's own console handler would print every record a second time, in another format.
        LogManager.getLogManager().reset();
        SLF4JBridgeHandler.install();
    }

    @Deactivate
    void deactivate() {
        SLF4JBridgeHandler.uninstall();
    }
}
