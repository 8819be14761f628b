package daz.plugin.mediatracker;

import daz.api.cytube.Media;
import daz.api.cytube.Playlist;
import daz.api.cytube.QueuedEntry;
import daz.api.cytube.RemovedEntry;
import daz.api.event.ChannelEvent;
import daz.api.event.ChannelListener;
import daz.api.event.ChannelSubscription;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows what each channel plays: the playlist (for who queued what), {@code setCurrent}, {@code changeMedia} (a
 * play begins, or the one under way continues) and {@code mediaUpdate} (the position). One listener for all of them,
 * so they are handled in the order the channel sent them.
 */
@Component(service = ChannelListener.class)
@ChannelSubscription(event = {"playlist", "queue", "delete", "setCurrent", "changeMedia", "mediaUpdate"})
public class MediaListener implements ChannelListener<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(MediaListener.class);
    private static final Pattern CURRENT_TIME = Pattern.compile("\"currentTime\"\\s*:\\s*(-?[0-9.eE+-]+)");
    private static final Pattern PAUSED = Pattern.compile("\"paused\"\\s*:\\s*true");

    private final PlayLog plays;
    private final Playlists playlists = new Playlists();

    @Activate
    public MediaListener(@Reference PlayLog plays) {
        this.plays = plays;
    }

    @Override
    public void on(ChannelEvent<Object> event) {
        String channel = event.channel();
        long at = event.source().receivedAt();
        Object payload = event.payload();
        if (payload instanceof Playlist playlist) {
            playlists.replace(channel, playlist.entries());
        } else if (payload instanceof QueuedEntry queued) {
            playlists.queued(channel, queued.entry());
        } else if (payload instanceof RemovedEntry removed) {
            playlists.removed(channel, removed.uid());
        } else if (payload instanceof Media media) {
            boolean began = plays.changed(channel, media, playlists.queuedBy(channel, media), at);
            LOG.debug(
                    "Channel {}: {} {} ({}:{})",
                    channel,
                    began ? "plays" : "still plays",
                    media.title(),
                    media.type(),
                    media.id());
        } else if ("setCurrent".equals(event.name())) {
            try {
                playlists.current(channel, Long.parseLong(event.raw().trim()));
            } catch (NumberFormatException e) {
                LOG.warn("Channel {}: setCurrent without an entry id: {}", channel, excerpt(event.raw()));
            }
        } else if ("mediaUpdate".equals(event.name())) {
            Matcher time = CURRENT_TIME.matcher(event.raw());
            double position = time.find() ? parse(time.group(1)) : Double.NaN;
            if (Double.isFinite(position)) {
                plays.position(channel, position, PAUSED.matcher(event.raw()).find(), at);
            } else {
                LOG.warn("Channel {}: mediaUpdate without a currentTime: {}", channel, excerpt(event.raw()));
            }
        }
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String excerpt(String raw) {
        return raw.length() <= 100 ? raw : raw.substring(0, 100) + "…";
    }
}
