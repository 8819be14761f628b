package daz.core;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.cytube.OutgoingChat;
import daz.api.cytube.OutgoingPrivateMessage;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes {@code cytube.send.chat} and {@code cytube.send.pm} and queues them on their channel's connection. It runs on
 * the publisher's thread (synchronous delivery) so no bus queue can drop a reply; queueing is all it does.
 */
@Component(service = EventHandler.class)
@Subscription(
        topics = {OutgoingChat.TOPIC, OutgoingPrivateMessage.TOPIC},
        delivery = EventHandler.DELIVERY_SYNC)
public class OutboundRouter implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundRouter.class);

    private final ChannelRegistry registry;

    @Activate
    public OutboundRouter(@Reference ChannelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Event event) {
        String channel;
        Optional<String> to;
        String text;
        if (event.payload() instanceof OutgoingChat chat) {
            channel = chat.channel();
            to = Optional.empty();
            text = chat.text();
        } else if (event.payload() instanceof OutgoingPrivateMessage pm) {
            channel = pm.channel();
            to = Optional.of(pm.to());
            text = pm.text();
        } else {
            LOG.warn(
                    "Topic {} from {}: payload is a {}, not an {} or {}: dropped",
                    event.topic(),
                    event.source(),
                    event.payload().getClass().getName(),
                    OutgoingChat.class.getSimpleName(),
                    OutgoingPrivateMessage.class.getSimpleName());
            return;
        }
        Optional<CytubeChannel> connection = registry.find(channel);
        if (connection.isEmpty()) {
            LOG.warn(
                    "Channel {}: no such channel is configured; message from {} on {} dropped",
                    channel,
                    event.source(),
                    event.topic());
            if (event.isRequest()) {
                registry.bus().ifPresent(bus -> bus.fail(event, "channel " + channel + " is not configured"));
            }
            return;
        }
        connection.get().send(event, to, text);
    }
}
