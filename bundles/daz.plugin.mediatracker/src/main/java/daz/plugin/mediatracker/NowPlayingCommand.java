package daz.plugin.mediatracker;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** {@code !nowplaying} ({@code !np}): what plays in this channel, who queued it, where it is. */
@Component(configurationPid = MediaTrackerConfiguration.PID)
@Designate(ocd = MediaTrackerConfiguration.class)
@Command(
        name = "nowplaying",
        aliases = "np",
        cooldown = 3,
        description = "What plays now, who queued it, position and length",
        usage = "!nowplaying")
public class NowPlayingCommand implements CommandHandler {

    private final PlayLog plays;
    private final int titleMax;

    @Activate
    public NowPlayingCommand(@Reference PlayLog plays, MediaTrackerConfiguration config) {
        this.plays = plays;
        this.titleMax = Math.max(10, config.title_max_length());
    }

    @Override
    public String answer(CommandRequest request) {
        return MediaText.nowPlaying(plays.current(request.channel()), Instant.now(), titleMax);
    }
}
