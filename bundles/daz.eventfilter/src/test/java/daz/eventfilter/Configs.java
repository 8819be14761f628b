package daz.eventfilter;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Component property types as DS hands them in: the annotation's defaults, except the given values. */
final class Configs {

    private Configs() {}

    /** {@code type} with {@code values} (method name → value) and the defaults for the rest. */
    static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> type.getSimpleName() + values;
                };
            }
            return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
        }));
    }
}
