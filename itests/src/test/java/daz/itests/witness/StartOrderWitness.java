package daz.itests.witness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Test-only bundle installed first at start level 1: records every bundle that reaches ACTIVE, in order, as
 * {@code "<symbolic name>@<start level>"}, and offers the record as a {@code Supplier<List<String>>} service.
 * (A BundleActivator because it must run before SCR, which starts at level 2.)
 */
public class StartOrderWitness implements BundleActivator, SynchronousBundleListener, Supplier<List<String>> {

    private final List<String> started = new CopyOnWriteArrayList<>();

    @Override
    public void start(BundleContext context) {
        context.addBundleListener(this);
        context.registerService(Supplier.class, this, null);
    }

    @Override
    public void stop(BundleContext context) {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED) {
            BundleStartLevel level = event.getBundle().adapt(BundleStartLevel.class);
            started.add(event.getBundle().getSymbolicName() + "@" + level.getStartLevel());
        }
    }

    @Override
    public List<String> get() {
        return List.copyOf(started);
    }
}
