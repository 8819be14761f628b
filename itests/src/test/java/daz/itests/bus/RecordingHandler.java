package daz.itests.bus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;

/**
 * Test-only handler packed into plugin bundles built by the tests: records the ids of the events it receives on
 * {@code itest.>} and offers them as a {@code Supplier<List<String>>} service of its bundle.
 */
@Component(
        service = {EventHandler.class, Supplier.class},
        property = {EventHandler.TOPICS + "=itest.>", "daz.itest=recording"})
public class RecordingHandler implements EventHandler, Supplier<List<String>> {

    private final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public void handle(Event event) {
        received.add(String.valueOf(event.payload()));
    }

    @Override
    public List<String> get() {
        return List.copyOf(received);
    }
}
