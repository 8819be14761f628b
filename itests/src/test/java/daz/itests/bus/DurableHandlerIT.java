package daz.itests.bus;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.TestBundles;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * Durable subscriptions in real Felix + SCR: a plugin bundle whose handler names itself durably is updated again and
 * again while events are published, and its handlers, old and new, receive every event exactly once, in order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DurableHandlerIT extends DazTestSupport {

    private static final String PLUGIN = "daz.plugin.durable";
    private static final int UPDATES = 10;

    @Inject
    EventBus bus;

    @Override
    protected Option[] testOptions() {
        Path jar = TestBundles.build(
                workDirectory(getClass()).resolve("plugins"),
                PLUGIN,
                "1.0.0",
                Map.of(),
                Map.of(),
                DurableRecorder.class);
        return new Option[] {systemProperty(PLUGIN).value(jar.toString())};
    }

    private boolean handlerRegistered(Bundle bundle) {
        var services = bundle.getRegisteredServices();
        if (services == null) {
            return false;
        }
        for (var reference : services) {
            if ("itest.durable.recorder".equals(reference.getProperty(EventHandler.DURABLE))) {
                return true;
            }
        }
        return false;
    }

    @Test
    public void updatingTheBundleOfADurableHandlerUnderLoadLosesAndRepeatsNothing() throws Exception {
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        Dictionary<String, Object> sinkProperties = new Hashtable<>();
        sinkProperties.put("daz.itest", "sink");
        Consumer<Object> sink = received::add;
        ServiceRegistration<?> sinkRegistration = context.registerService(Consumer.class, sink, sinkProperties);
        Path jarPath = Path.of(System.getProperty(PLUGIN));
        byte[] jar = Files.readAllBytes(jarPath);
        Bundle plugin = context.installBundle(jarPath.toUri().toString());
        plugin.start();
        Await.until(Duration.ofSeconds(10), "the durable handler registered", () -> handlerRegistered(plugin));

        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger published = new AtomicInteger();
        Thread publisher = new Thread(
                () -> {
                    while (publishing.get()) {
                        bus.publish("itest.durable", published.getAndIncrement());
                        LockSupport.parkNanos(50_000);
                    }
                },
                "itest-publisher");
        publisher.start();
        for (int i = 0; i < UPDATES; i++) {
            int before = published.get();
            Await.until(Duration.ofSeconds(10), "events published before update " + i, () -> published.get() > before);
            plugin.update(new ByteArrayInputStream(jar));
            Await.until(Duration.ofSeconds(10), "the handler back after update " + i, () -> handlerRegistered(plugin));
        }
        publishing.set(false);
        publisher.join(10_000);

        int total = published.get();
        Await.until(
                Duration.ofSeconds(20),
                "all " + total + " events received (now " + received.size() + ")",
                () -> received.size() >= total);
        assertEquals(
                "every event exactly once, in publishing order, across " + UPDATES + " updates",
                IntStream.range(0, total).boxed().toList(),
                List.copyOf(received));
        plugin.uninstall();
        sinkRegistration.unregister();
    }
}
