package daz.eventbus;

import daz.api.bus.EventHandler;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;

/** Hand-made stand-ins for the few framework objects the bus touches. */
final class Fakes {

    private Fakes() {}

    /** Configuration with the annotation's defaults, except {@code overrides} (name → value, or an exception to throw). */
    static BusConfig config(Map<String, Object> overrides) {
        return (BusConfig) Proxy.newProxyInstance(
                BusConfig.class.getClassLoader(), new Class<?>[] {BusConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return BusConfig.class;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "BusConfig" + overrides;
                        };
                    }
                    if (overrides.containsKey(method.getName())) {
                        Object value = overrides.get(method.getName());
                        if (value instanceof RuntimeException e) {
                            throw e;
                        }
                        return value;
                    }
                    return method.getDefaultValue();
                });
    }

    static BusConfig config() {
        return config(Map.of());
    }

    static Bundle bundle(String symbolicName, long id) {
        return (Bundle) Proxy.newProxyInstance(
                Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getBundleId" -> id;
                    case "hashCode" -> Long.hashCode(id);
                    case "equals" -> proxy == args[0];
                    case "toString" -> symbolicName + " [" + id + "]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<EventHandler> reference(Bundle bundle, long serviceId, Map<String, ?> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(Constants.SERVICE_ID, serviceId);
        return (ServiceReference<EventHandler>) Proxy.newProxyInstance(
                ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getProperty" -> all.get((String) args[0]);
                    case "getPropertyKeys" -> all.keySet().toArray(new String[0]);
                    case "getProperties" -> new Hashtable<>(all);
                    case "getBundle" -> bundle;
                    case "hashCode" -> Long.hashCode(serviceId);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ServiceReference" + all;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static ComponentContext context(Bundle usingBundle) {
        return (ComponentContext) Proxy.newProxyInstance(
                ComponentContext.class.getClassLoader(),
                new Class<?>[] {ComponentContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getUsingBundle" -> usingBundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ComponentContext[" + usingBundle + "]";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** What SCR hands the bus for a handler service: the handler, fetched on first use. */
    static <S> org.osgi.service.component.ComponentServiceObjects<S> serviceObjects(S service) {
        return new org.osgi.service.component.ComponentServiceObjects<>() {
            @Override
            public S getService() {
                return service;
            }

            @Override
            public void ungetService(S instance) {}

            @Override
            public org.osgi.framework.ServiceReference<S> getServiceReference() {
                throw new UnsupportedOperationException("not needed by the bus");
            }
        };
    }
}
