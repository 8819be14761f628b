package daz.itests.core;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Records every {@code cytube.event.>} and {@code daz.connection.>} event (synchronously: none is dropped). */
public final class EventRecorder implements EventHandler {

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ServiceRegistration<EventHandler> registration;

    public static EventRecorder register(BundleContext context) {
        EventRecorder recorder = new EventRecorder();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, new String[] {"cytube.event.>", "daz.connection.>"});
        properties.put(EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC);
        recorder.registration = context.registerService(EventHandler.class, recorder, properties);
        return recorder;
    }

    public void unregister() {
        registration.unregister();
    }

    @Override
    public void handle(Event event) {
        events.add(event);
    }

    public List<Event> all() {
        return List.copyOf(events);
    }

    /** The CytubeEvents of that channel and name. */
    public List<CytubeEvent> cytube(String channel, String name) {
        return events.stream()
                .filter(e -> e.payload() instanceof CytubeEvent)
                .map(e -> (CytubeEvent) e.payload())
                .filter(c -> c.channel().equals(channel) && c.name().equals(name))
                .toList();
    }

    /** The chat lines of a channel with that text, as events. */
    public List<CytubeEvent> chat(String channel, String text) {
        return cytube(channel, "chatMsg").stream()
                .filter(c -> c.typed(ChatMessage.class)
                        .map(m -> m.text().equals(text))
                        .orElse(false))
                .toList();
    }
}
