package daz.plugin.usertracker;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.cytube.ConnectionState;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The bot's link to each channel ({@code daz.connection.*}): a lost link ends the channel's sessions. */
@Component(service = EventHandler.class)
@Subscription(topics = ConnectionState.TOPIC_PREFIX + "*")
public class LinkWatch implements EventHandler {

    private final PresenceBook book;

    @Activate
    public LinkWatch(@Reference PresenceBook book) {
        this.book = book;
    }

    @Override
    public void handle(Event event) {
        if (event.payload() instanceof ConnectionState state) {
            book.link(state);
        }
    }
}
