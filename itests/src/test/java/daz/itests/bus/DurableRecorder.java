package daz.itests.bus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Test-only durable handler packed into a plugin bundle built by the tests: hands each event of {@code itest.durable}
 * to the test's sink service, which outlives the bundle's updates.
 */
@Component(
        service = EventHandler.class,
        property = {EventHandler.TOPICS + "=itest.durable", EventHandler.DURABLE + "=itest.durable.recorder"})
public class DurableRecorder implements EventHandler {

    private final Consumer<Object> sink;

    @Activate
    @SuppressWarnings("unchecked")
    public DurableRecorder(@Reference(service = Consumer.class, target = "(daz.itest=sink)") Consumer<?> sink) {
        this.sink = (Consumer<Object>) sink;
    }

    @Override
    public void handle(Event event) {
        sink.accept(event.payload());
    }
}
