package daz.eventfilter;

import daz.api.status.PluginHealth;
import java.time.Clock;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.BiFunction;
import org.osgi.framework.ServiceRegistration;

/**
 * One {@link PluginActivity} per plugin bundle, published as a {@link PluginHealth} service while the bundle has at
 * least one bridged command or listener, and withdrawn with the last of them.
 */
final class ActivityBoard {

    /** Service property of the health services: who reports. */
    static final String SOURCE = "daz.health.source";

    private record Entry(PluginActivity activity, Runnable unregister, int users) {}

    private final BiFunction<PluginHealth, Map<String, Object>, Runnable> register;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * @param register publishes a health service with properties; returns how to withdraw it
     */
    ActivityBoard(BiFunction<PluginHealth, Map<String, Object>, Runnable> register, Clock clock) {
        this.register = register;
        this.clock = clock;
    }

    /** The plugin's activity, published on first use; each call needs one {@link #release}. */
    synchronized PluginActivity acquire(String plugin) {
        Entry entry = entries.get(plugin);
        if (entry == null) {
            PluginActivity activity = new PluginActivity(plugin, clock);
            Runnable unregister = register.apply(activity, Map.of(SOURCE, "daz.eventfilter"));
            entry = new Entry(activity, unregister, 0);
        }
        entries.put(plugin, new Entry(entry.activity(), entry.unregister(), entry.users() + 1));
        return entry.activity();
    }

    synchronized void release(String plugin) {
        Entry entry = entries.get(plugin);
        if (entry == null) {
            return;
        }
        if (entry.users() > 1) {
            entries.put(plugin, new Entry(entry.activity(), entry.unregister(), entry.users() - 1));
        } else {
            entries.remove(plugin);
            entry.unregister().run();
        }
    }

    synchronized void close() {
        entries.values().forEach(e -> e.unregister().run());
        entries.clear();
    }

    /** A registration function over a bundle context. */
    static BiFunction<PluginHealth, Map<String, Object>, Runnable> registering(
            org.osgi.framework.BundleContext context) {
        return (health, properties) -> {
            ServiceRegistration<PluginHealth> registration =
                    context.registerService(PluginHealth.class, health, new Hashtable<>(properties));
            return () -> unregisterQuietly(registration);
        };
    }

    static void unregisterQuietly(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework withdrew it with its bundle
        }
    }
}
