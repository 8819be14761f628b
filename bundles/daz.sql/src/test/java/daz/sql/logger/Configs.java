package daz.sql.logger;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Typed configurations for tests: the annotation's defaults, with some values given. */
public final class Configs {

    private Configs() {}

    /** A configuration of type {@code type} (a component property type) with {@code values} over its defaults. */
    public static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.getOrDefault(method.getName(), method.getDefaultValue());
                }));
    }

    static LoggerConfiguration logger(Map<String, Object> values) {
        return of(LoggerConfiguration.class, values);
    }

    static LoggerConfiguration logger() {
        return logger(Map.of());
    }
}
