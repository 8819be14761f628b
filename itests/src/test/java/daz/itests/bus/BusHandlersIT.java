package daz.itests.bus;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import daz.api.bus.EventBus;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.TestBundles;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** The bus in real Felix: handlers in plugin bundles come and go with their bundles, and leave nothing behind. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BusHandlersIT extends DazTestSupport {

    private static final String ALPHA = "daz.plugin.alpha";
    private static final String BETA = "daz.plugin.beta";
    private static final String CHURN = "daz.plugin.churn";

    @Inject
    EventBus bus;

    @Override
    protected Option[] testOptions() {
        Path dir = workDirectory(getClass()).resolve("plugins");
        List<Option> options = new ArrayList<>();
        for (String name : List.of(ALPHA, BETA, CHURN)) {
            Path jar = TestBundles.build(dir, name, "1.0.0", Map.of(), Map.of(), RecordingHandler.class);
            options.add(systemProperty(name).value(jar.toString()));
        }
        return options.toArray(Option[]::new);
    }

    private Bundle install(String name) throws Exception {
        Bundle bundle =
                context.installBundle(Path.of(System.getProperty(name)).toUri().toString());
        bundle.start();
        return bundle;
    }

    /** What the RecordingHandler of this bundle received so far (empty until its component is up). */
    @SuppressWarnings("unchecked")
    private List<String> receivedBy(Bundle bundle) {
        ServiceReference<?>[] refs = bundle.getRegisteredServices();
        if (refs == null) {
            return List.of();
        }
        return Arrays.stream(refs)
                .filter(r -> "recording".equals(r.getProperty("daz.itest")))
                .findFirst()
                .map(r -> ((Supplier<List<String>>) context.getService(r)).get())
                .orElse(List.of());
    }

    private void awaitHandler(Bundle bundle) {
        Await.until(Duration.ofSeconds(10), bundle.getSymbolicName() + "'s handler", () -> {
            bus.publish("itest.ping", "ping-" + bundle.getBundleId());
            return receivedBy(bundle).contains("ping-" + bundle.getBundleId());
        });
    }

    @Test
    public void handlersInTwoBundlesReceiveAndAStoppedBundleReceivesNothingMore() throws Exception {
        Bundle alpha = install(ALPHA);
        Bundle beta = install(BETA);
        awaitHandler(alpha);
        awaitHandler(beta);

        List<String> sent = IntStream.range(0, 100).mapToObj(i -> "both-" + i).toList();
        sent.forEach(id -> bus.publish("itest.both", id));
        Await.until(
                Duration.ofSeconds(10),
                "both handlers got all 100",
                () -> receivedBy(alpha).containsAll(sent) && receivedBy(beta).containsAll(sent));
        assertEquals(
                "in publishing order",
                sent,
                receivedBy(alpha).stream().filter(s -> s.startsWith("both-")).toList());

        alpha.stop();
        List<String> after = IntStream.range(0, 50).mapToObj(i -> "after-" + i).toList();
        after.forEach(id -> bus.publish("itest.after", id));
        Await.until(
                Duration.ofSeconds(10),
                "beta got the events after alpha stopped",
                () -> receivedBy(beta).containsAll(after));
        alpha.start();
        awaitHandler(alpha);
        assertTrue(
                "alpha's new handler saw none of the events sent while it was stopped",
                receivedBy(alpha).stream().noneMatch(after::contains));
        alpha.uninstall();
        beta.uninstall();
    }

    @Test
    public void updatingAHandlerBundle50TimesLeavesOneSubscriptionAndNoThreads() throws Exception {
        Bundle churn = install(CHURN);
        awaitHandler(churn);
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        byte[] jar = Files.readAllBytes(Path.of(System.getProperty(CHURN)));

        for (int i = 0; i < 50; i++) {
            try (InputStream in = new java.io.ByteArrayInputStream(jar)) {
                churn.update(in);
            }
            bus.publish("itest.churn", "during-" + i);
        }
        awaitHandler(churn);

        List<String> sent = IntStream.range(0, 200).mapToObj(i -> "once-" + i).toList();
        sent.forEach(id -> bus.publish("itest.once", id));
        Await.until(
                Duration.ofSeconds(10),
                "the handler got all 200",
                () -> receivedBy(churn).containsAll(sent));
        List<String> got =
                receivedBy(churn).stream().filter(s -> s.startsWith("once-")).toList();
        assertEquals("each event exactly once: one live subscription", sent, got);

        Await.until(
                Duration.ofSeconds(20),
                "the thread count back to " + threadsBefore + " (now "
                        + ManagementFactory.getThreadMXBean().getThreadCount() + ")",
                () -> ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore);
        churn.uninstall();
    }
}
