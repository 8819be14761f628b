package daz.sql.logger;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Typed configurations for tests: the annotation's defaults, with some values given. */
final class Configs {

    private Configs() {}

    static LoggerConfiguration logger(Map<String, Object> values) {
        return (LoggerConfiguration) Proxy.newProxyInstance(
                LoggerConfiguration.class.getClassLoader(),
                new Class<?>[] {LoggerConfiguration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> LoggerConfiguration.class;
                    case "toString" -> "LoggerConfiguration" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    static LoggerConfiguration logger() {
        return logger(Map.of());
    }
}
