package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.bus.EventBus;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

class RoutingFilterTest {

    /** Neither the bus nor the bundle is asked for anything while no rule is read. */
    private static <T> T untouchable(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new AssertionError("not expected: " + method);
        }));
    }

    private static RoutingConfiguration readEvery(int seconds) {
        return Configs.of(RoutingConfiguration.class, Map.of("rules_reload_seconds", seconds));
    }

    @Test
    void anEditOfTheReadPeriodAppliesToTheRunningFilter() {
        RoutingFilter filter =
                new RoutingFilter(untouchable(EventBus.class), readEvery(3_600), untouchable(BundleContext.class));
        try {
            assertThat(filter.readPeriodSeconds()).isEqualTo(3_600);
            assertThat(filter.status().retryCount())
                    .as("no read within the hour")
                    .isZero();

            filter.modified(readEvery(1));

            assertThat(filter.readPeriodSeconds()).isEqualTo(1);
            // no database: each read fails, and the status counts the failed reads
            await().atMost(Duration.ofSeconds(10)).until(() -> filter.status().retryCount() >= 2);
        } finally {
            filter.deactivate();
        }
    }
}
