package daz.core;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.cytube.Media;
import daz.api.cytube.PlaylistEntry;
import daz.api.cytube.User;
import java.util.List;
import java.util.Optional;

/**
 * One channel as the rest of the bundle and the bot see it: its {@link ChannelState} (who is there, what plays, the
 * connection) and its outbound path. Immutable once built; what changes lives in {@link ChannelData} and
 * {@link ConnectionStatus}.
 */
final class CytubeChannel implements ChannelState {

    private final ChannelSettings settings;
    private final ChannelData data;
    private final ConnectionStatus status;
    private final Outbox outbox;
    private final EventBus bus;

    CytubeChannel(ChannelSettings settings, ChannelData data, ConnectionStatus status, Outbox outbox, EventBus bus) {
        this.settings = settings;
        this.data = data;
        this.status = status;
        this.outbox = outbox;
        this.bus = bus;
    }

    @Override
    public String channel() {
        return settings.channel();
    }

    @Override
    public ConnectionState connection() {
        return status.get();
    }

    @Override
    public Optional<String> botName() {
        return data.botName();
    }

    @Override
    public int botRank() {
        return data.botRank();
    }

    @Override
    public List<User> users() {
        return data.users();
    }

    @Override
    public Optional<User> user(String name) {
        return data.user(name);
    }

    @Override
    public Optional<Media> currentMedia() {
        return data.media();
    }

    @Override
    public List<PlaylistEntry> playlist() {
        return data.playlist();
    }

    /** The bundle's bus (the same bundle-scoped instance for every channel). */
    EventBus bus() {
        return bus;
    }

    /** Queues a chat line ({@code to} empty) or PM from a bus event. */
    void send(Event event, Optional<String> to, String text) {
        outbox.send(event, to, text);
    }

    /** Lines waiting to go out. */
    int queued() {
        return outbox.queued();
    }
}
