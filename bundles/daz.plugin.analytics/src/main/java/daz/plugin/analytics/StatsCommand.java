package daz.plugin.analytics;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code !stats [user]}: this channel's lines and active users today and this week, or one user's. */
@Component(configurationPid = AnalyticsConfiguration.PID)
@Command(
        name = "stats",
        cooldown = 5,
        description = "Lines and active users today and this week, the busiest hour; or a user's lines and place",
        usage = "!stats [user]")
public class StatsCommand implements CommandHandler {

    private final CountStore store;
    private final Periods periods;

    @Activate
    public StatsCommand(@Reference CountStore store, AnalyticsConfiguration config) {
        this.store = store;
        this.periods = new Periods(ChatCounter.zone(config.zone()));
    }

    @Override
    public String answer(CommandRequest request) {
        List<String> args = request.argList();
        Instant now = Instant.now();
        if (args.isEmpty()) {
            return StatsText.channel(
                    store.channel(request.channel(), periods.day(now), periods.week(now), periods.weekStart(now)),
                    periods.zone());
        }
        if (args.size() != 1 || !args.get(0).matches("[A-Za-z0-9_-]{1,20}")) {
            return "Usage: !stats [user]";
        }
        return StatsText.user(
                args.get(0), store.user(request.channel(), args.get(0), periods.day(now), periods.week(now)));
    }
}
