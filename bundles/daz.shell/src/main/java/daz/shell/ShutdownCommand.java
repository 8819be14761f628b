package daz.shell;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code daz:shutdown}: stops every bundle in reverse start order and ends the process with status 0. */
@Component(
        service = ShutdownCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=shutdown"})
public class ShutdownCommand {

    private final BundleContext context;

    @Activate
    public ShutdownCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("stops Daz: every bundle in reverse start order, then the process (status 0)")
    public String shutdown() throws BundleException {
        // Stopping the system bundle is asynchronous: the shell gets its answer, then the framework winds down.
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
        return "Daz is shutting down";
    }
}
