package daz.plugin.mediatracker;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import java.time.Instant;
import java.util.OptionalInt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code !lastplayed [n]}: the last plays of this channel, latest first. */
@Component(configurationPid = MediaTrackerConfiguration.PID)
@Command(
        name = "lastplayed",
        cooldown = 5,
        description = "The last items played here, latest first",
        usage = "!lastplayed [n]")
public class LastPlayedCommand implements CommandHandler {

    private final PlayLog plays;
    private final MediaTrackerConfiguration config;

    @Activate
    public LastPlayedCommand(@Reference PlayLog plays, MediaTrackerConfiguration config) {
        this.plays = plays;
        this.config = config;
    }

    @Override
    public String answer(CommandRequest request) {
        OptionalInt n = MediaText.count(request.argList(), config.list_default(), config.list_max());
        if (n.isEmpty()) {
            return "Usage: !lastplayed [1-" + config.list_max() + "]";
        }
        return MediaText.lastPlayed(
                plays.last(request.channel(), n.getAsInt()), Instant.now(), config.title_max_length());
    }
}
