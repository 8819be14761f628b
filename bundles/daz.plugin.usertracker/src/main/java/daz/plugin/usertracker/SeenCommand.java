package daz.plugin.usertracker;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** {@code !seen <user>}: when the user was last in this channel (or that they are here now), how long, last words. */
@Component(configurationPid = UserTrackerConfiguration.PID)
@Designate(ocd = UserTrackerConfiguration.class)
@Command(
        name = "seen",
        cooldown = 3,
        description = "When a user was last here, for how long, and what they last said",
        usage = "!seen <user>")
public class SeenCommand implements CommandHandler {

    private final PresenceLog log;
    private final int quoteMax;

    @Activate
    public SeenCommand(@Reference PresenceLog log, UserTrackerConfiguration config) {
        this.log = log;
        this.quoteMax = Math.max(10, config.quote_max_length());
    }

    @Override
    public String answer(CommandRequest request) {
        List<String> args = request.argList();
        if (args.size() != 1) {
            return "Usage: !seen <user>";
        }
        String name = args.get(0);
        if (!name.matches("[A-Za-z0-9_-]{1,20}")) {
            return "No user can be called " + SeenAnswer.quote(name, 20) + ".";
        }
        return SeenAnswer.of(name, log.seen(request.channel(), name), Instant.now(), quoteMax);
    }
}
