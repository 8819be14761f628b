package daz.core;

import daz.api.bus.EventBus;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The channel connections of this bundle by channel name, for the outbound router, the shell command and the
 * first-run advice. Connections add themselves when they start and remove themselves when they stop; a second
 * configuration for a channel already present is refused.
 */
@Component(service = ChannelRegistry.class)
public class ChannelRegistry {

    private final Map<String, CytubeChannel> connections = new ConcurrentHashMap<>();

    /** Adds a connection; false if its channel has one already. */
    boolean add(CytubeChannel connection) {
        return connections.putIfAbsent(key(connection.channel()), connection) == null;
    }

    void remove(CytubeChannel connection) {
        connections.remove(key(connection.channel()), connection);
    }

    Optional<CytubeChannel> find(String channel) {
        return Optional.ofNullable(connections.get(key(channel)));
    }

    /** Every connection, by channel name. */
    List<CytubeChannel> all() {
        return connections.values().stream()
                .sorted(Comparator.comparing(CytubeChannel::channel))
                .toList();
    }

    /** The bundle's bus, from any connection (each holds the same bundle-scoped instance). */
    Optional<EventBus> bus() {
        return connections.values().stream().findAny().map(CytubeChannel::bus);
    }

    private static String key(String channel) {
        return channel.toLowerCase(Locale.ROOT);
    }
}
