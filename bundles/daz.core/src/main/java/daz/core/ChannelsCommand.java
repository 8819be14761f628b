package daz.core;

import daz.api.cytube.ConnectionState;
import daz.api.shell.TextTable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code daz:channels}: every configured channel with its link state, the bot's name and rank, who is there, failed
 * attempts and the end of a cooldown.
 */
@Component(
        service = ChannelsCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=channels"})
public class ChannelsCommand {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ChannelRegistry registry;

    @Activate
    public ChannelsCommand(@Reference ChannelRegistry registry) {
        this.registry = registry;
    }

    @Descriptor("lists the configured CyTube channels: state, user, rank, users present, attempts, cooldown end")
    public String channels() {
        if (registry.all().isEmpty()) {
            return "No channel configured: create etc/" + ChannelConfiguration.PID
                    + "-<name>.cfg with the lines channel = <name>, user = <bot>, .password = <secret>\n";
        }
        TextTable table = new TextTable(
                "Channel", "State", "User", "Rank", "Users", "Queued", "Attempts", "Cooldown until", "Reason");
        for (CytubeChannel c : registry.all()) {
            ConnectionState state = c.connection();
            table.row(
                    c.channel(),
                    state.phase().topicSegment(),
                    c.botName().orElse(state.user()),
                    Integer.toString(c.botRank()),
                    Integer.toString(c.users().size()),
                    Integer.toString(c.queued()),
                    Integer.toString(state.attempts()),
                    state.phase() == ConnectionState.Phase.COOLDOWN
                            ? state.retryAt().map(TIME::format).orElse("-")
                            : "-",
                    state.reason().map(ChannelsCommand::oneLine).orElse(""));
        }
        return table.render();
    }

    private static String oneLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    static String format(Instant instant) {
        return TIME.format(instant);
    }
}
