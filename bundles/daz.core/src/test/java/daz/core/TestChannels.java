package daz.core;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Channel configurations for tests, from lines as in a {@code .cfg} file ({@code login.delay.ms = 200}). */
final class TestChannels {

    private TestChannels() {}

    static ChannelConfiguration configuration(String... lines) {
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            values.put(
                    line.substring(0, eq).strip().replace('.', '_'),
                    line.substring(eq + 1).strip());
        }
        return (ChannelConfiguration) Proxy.newProxyInstance(
                ChannelConfiguration.class.getClassLoader(),
                new Class<?>[] {ChannelConfiguration.class},
                (proxy, method, args) -> {
                    String value = values.get(method.getName());
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> type = method.getReturnType();
                    if (type == int.class) {
                        return Integer.parseInt(value);
                    }
                    if (type == long.class) {
                        return Long.parseLong(value);
                    }
                    return value;
                });
    }

    static ChannelSettings settings(String... lines) {
        return ChannelSettings.from(configuration(lines));
    }
}
