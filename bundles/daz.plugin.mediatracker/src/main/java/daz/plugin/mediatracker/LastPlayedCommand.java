package daz.plugin.mediatracker;

import daz.api.command.Command;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code !lastplayed [n]}: the last plays of this channel, latest first. */
@Component(service = daz.api.command.CommandHandler.class, configurationPid = MediaTrackerConfiguration.PID)
@Command(
        name = "lastplayed",
        cooldown = 5,
        description = "The last items played here, latest first",
        usage = "!lastplayed [n]")
public class LastPlayedCommand extends ListingCommand {

    @Activate
    public LastPlayedCommand(@Reference PlayLog plays, MediaTrackerConfiguration config) {
        super("lastplayed", plays, config);
    }

    @Override
    String list(String channel, int n) {
        return MediaText.lastPlayed(plays.last(channel, n), Instant.now(), config.title_max_length());
    }
}
