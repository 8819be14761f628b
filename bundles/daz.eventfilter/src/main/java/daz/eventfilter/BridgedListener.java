package daz.eventfilter;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.cytube.CytubeEvent;
import daz.api.event.ChannelEvent;
import daz.api.event.ChannelListener;
import java.util.Optional;

/**
 * The bus side of a {@link ChannelListener}: subscribed to its {@code cytube.event.<name>} topics, it hands the
 * listener each event whose payload is of the listener's type, wrapped with the raw event, and tells the plugin's
 * {@link PluginActivity} how the call went. The replayed join backlog is left out unless the listener asked for it.
 */
final class BridgedListener implements EventHandler {

    private final String label;
    private final ChannelListener<Object> listener;
    private final Class<?> type;
    private final boolean replayed;
    private final PluginActivity activity;

    @SuppressWarnings("unchecked")
    BridgedListener(
            String label, ChannelListener<?> listener, Class<?> type, boolean replayed, PluginActivity activity) {
        this.label = label;
        this.listener = (ChannelListener<Object>) listener;
        this.type = type;
        this.replayed = replayed;
        this.activity = activity;
    }

    @Override
    public void handle(Event event) throws Exception {
        if (!(event.payload() instanceof CytubeEvent cytube) || (cytube.replayed() && !replayed)) {
            return;
        }
        Optional<Object> payload = payloadOf(cytube, type);
        if (payload.isEmpty()) {
            return;
        }
        try {
            listener.on(new ChannelEvent<>(cytube.channel(), payload.get(), cytube));
            activity.succeeded();
        } catch (Exception | LinkageError e) {
            // thrown on to the bus, which logs and counts the handler's error
            activity.failed(label + " on " + cytube.name(), e);
            throw e instanceof Exception ex ? ex : new IllegalStateException(e);
        }
    }

    /** The payload as the listener's type: the typed one if it fits; for {@code Object}, else the raw JSON text. */
    static Optional<Object> payloadOf(CytubeEvent cytube, Class<?> type) {
        if (type == Object.class) {
            return Optional.of(cytube.typed().orElse(cytube.raw()));
        }
        if (type == String.class) {
            return Optional.of(cytube.raw());
        }
        return cytube.typed().filter(type::isInstance);
    }
}
