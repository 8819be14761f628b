package daz.shell;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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

    /**
     * How long the shell has to print the answer and its next prompt before the stop begins. Stopping the Gogo shell
     * interrupts its thread; interrupted while it writes, it closes the process's standard output (its streams are
     * interruptible channels on {@code FileDescriptor.out}), and every later line, the log's included, is lost.
     */
    static final long GRACE_MILLIS = 250;

    @Descriptor("stops Daz: every bundle in reverse start order, then the process (status 0)")
    public String shutdown() {
        Executor later = CompletableFuture.delayedExecutor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        later.execute(() -> {
            try {
                // asynchronous: the framework winds down on a thread of its own, and the launcher ends the process
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).stop();
            } catch (BundleException | IllegalStateException e) {
                System.err.println("daz:shutdown: stopping the framework failed: " + e);
            }
        });
        return "Daz is shutting down";
    }
}
