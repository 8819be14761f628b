package daz.eventbus;

import daz.api.bus.EventHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** A dispatcher with the DS calls SCR would make, driven by a test: register handlers, get bundles' buses. */
final class TestBus implements AutoCloseable {

    final Dispatcher dispatcher;
    /** Whether the bus's bundle is stopping, as the framework would say. */
    final AtomicBoolean bundleStopping = new AtomicBoolean();

    private final AtomicLong serviceIds = new AtomicLong(100);
    private final AtomicLong bundleIds = new AtomicLong(10);
    private final Map<String, Bundle> bundles = new HashMap<>();

    TestBus() {
        this(Map.of());
    }

    TestBus(Map<String, Object> config) {
        this.dispatcher = new Dispatcher(Fakes.config(config), bundleStopping::get);
    }

    synchronized Bundle bundle(String symbolicName) {
        return bundles.computeIfAbsent(symbolicName, name -> Fakes.bundle(name, bundleIds.incrementAndGet()));
    }

    /** The bus instance SCR would give {@code symbolicName}. */
    EventBusImpl busFor(String symbolicName) {
        return new EventBusImpl(Fakes.context(bundle(symbolicName)), dispatcher);
    }

    /** Registers a handler service from {@code bundle} with the given service properties. */
    Registration register(String bundle, EventHandler handler, Map<String, ?> properties) {
        ServiceReference<EventHandler> reference =
                Fakes.reference(bundle(bundle), serviceIds.incrementAndGet(), properties);
        dispatcher.bindHandler(Fakes.serviceObjects(handler), reference);
        return new Registration(reference);
    }

    Registration register(String bundle, EventHandler handler, String... topics) {
        return register(bundle, handler, Map.of(EventHandler.TOPICS, topics));
    }

    HandlerMetrics metricsOf(Registration registration) {
        return dispatcher.metrics().handlers().stream()
                .filter(h -> h.serviceId() == registration.serviceId())
                .findFirst()
                .orElseThrow();
    }

    TopicMetrics metricsOf(String topic) {
        return dispatcher.metrics().topics().stream()
                .filter(t -> t.topic().equals(topic))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        dispatcher.deactivate();
    }

    /** A registered handler service. */
    final class Registration {

        final ServiceReference<EventHandler> reference;

        Registration(ServiceReference<EventHandler> reference) {
            this.reference = reference;
        }

        long serviceId() {
            return (Long) reference.getProperty("service.id");
        }

        TestBus bus() {
            return TestBus.this;
        }

        void unregister() {
            dispatcher.unbindHandler(reference);
        }
    }
}
