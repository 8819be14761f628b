package daz.core;

import daz.api.bus.EventBus;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;

/**
 * The channel connections of this bundle by channel name, for the outbound router, the shell command and the
 * first-run advice. Connections add themselves when they start and remove themselves when they stop; a second
 * configuration for a channel already present is refused.
 */
@Component(service = ChannelRegistry.class)
public class ChannelRegistry {

    private final Map<String, CytubeChannel> connections = new ConcurrentHashMap<>();
    private volatile Consumer<CytubeChannel> added;
    private volatile BiConsumer<CytubeChannel, Runnable> retiring;

    /** Adds a connection and tells the {@linkplain #onAdd listener}; false if its channel has one already. */
    boolean add(CytubeChannel connection) {
        if (connections.putIfAbsent(key(connection.channel()), connection) != null) {
            return false;
        }
        Consumer<CytubeChannel> listener = added;
        if (listener != null) {
            listener.accept(connection);
        }
        return true;
    }

    /** Who is told of each connection added from now on (the outbound router, for what waits for it); null: none. */
    void onAdd(Consumer<CytubeChannel> listener) {
        this.added = listener;
    }

    void remove(CytubeChannel connection) {
        connections.remove(key(connection.channel()), connection);
    }

    /**
     * Removes a stopping connection and then runs {@code last} (which stops its writer and hands its unsent lines
     * on), both under the {@linkplain #onRetire retiring listener} if there is one, so that no reply gets between.
     */
    void retire(CytubeChannel connection, Runnable last) {
        Runnable both = () -> {
            remove(connection);
            last.run();
        };
        BiConsumer<CytubeChannel, Runnable> listener = retiring;
        if (listener != null) {
            listener.accept(connection, both);
        } else {
            both.run();
        }
    }

    /** Who runs each {@linkplain #retire retirement} from now on; null: none. */
    void onRetire(BiConsumer<CytubeChannel, Runnable> listener) {
        this.retiring = listener;
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
