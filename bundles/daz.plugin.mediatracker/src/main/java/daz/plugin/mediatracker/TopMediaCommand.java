package daz.plugin.mediatracker;

import daz.api.command.Command;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code !topmedia [n]}: the most played items of this channel, with their counts. */
@Component(service = daz.api.command.CommandHandler.class, configurationPid = MediaTrackerConfiguration.PID)
@Command(
        name = "topmedia",
        cooldown = 5,
        description = "The most played items here, with how often",
        usage = "!topmedia [n]")
public class TopMediaCommand extends ListingCommand {

    @Activate
    public TopMediaCommand(@Reference PlayLog plays, MediaTrackerConfiguration config) {
        super("topmedia", plays, config);
    }

    @Override
    String list(String channel, int n) {
        return MediaText.top(plays.top(channel, n), config.title_max_length());
    }
}
