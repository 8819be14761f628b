package daz.plugin.uptime;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import daz.api.command.DurationText;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code !uptime}: how long the bot process has run and how long its link to this channel has been ready. */
@Component
@Command(
        name = "uptime",
        aliases = "up",
        cooldown = 5,
        description = "How long the bot and its connection have been up",
        usage = "!uptime")
public class UptimeCommand implements CommandHandler {

    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ChannelState> channels;

    @Override
    public String answer(CommandRequest request) {
        Instant processStart =
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Optional<ConnectionState> link =
                ChannelState.find(channels, request.channel()).map(ChannelState::connection);
        return text(processStart, link, Instant.now());
    }

    /** The answer, given when the process started and the channel's link state. */
    static String text(Instant processStart, Optional<ConnectionState> link, Instant now) {
        String bot = "Bot up " + DurationText.of(Duration.between(processStart, now));
        String connection = link.filter(l -> l.phase() == ConnectionState.Phase.READY)
                .map(l -> "connected for " + DurationText.of(Duration.between(l.since(), now)))
                .orElse("not connected");
        return bot + ", " + connection + ".";
    }
}
