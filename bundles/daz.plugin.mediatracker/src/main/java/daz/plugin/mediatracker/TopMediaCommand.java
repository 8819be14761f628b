package daz.plugin.mediatracker;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import java.util.OptionalInt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code !topmedia [n]}: the most played items of this channel, with their counts. */
@Component(configurationPid = MediaTrackerConfiguration.PID)
@Command(
        name = "topmedia",
        cooldown = 5,
        description = "The most played items here, with how often",
        usage = "!topmedia [n]")
public class TopMediaCommand implements CommandHandler {

    private final PlayLog plays;
    private final MediaTrackerConfiguration config;

    @Activate
    public TopMediaCommand(@Reference PlayLog plays, MediaTrackerConfiguration config) {
        this.plays = plays;
        this.config = config;
    }

    @Override
    public String answer(CommandRequest request) {
        OptionalInt n = MediaText.count(request.argList(), config.list_default(), config.list_max());
        if (n.isEmpty()) {
            return "Usage: !topmedia [1-" + config.list_max() + "]";
        }
        return MediaText.top(plays.top(request.channel(), n.getAsInt()), config.title_max_length());
    }
}
