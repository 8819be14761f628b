package daz.plugin.uptime;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.command.Command;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.command.DurationText;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code !uptime}: how long the bot process has run and how long its link to this channel has been ready. */
// immediate: its status (uptime) counts from the bundle's start, not from the first command
@Component(
        service = {EventHandler.class, PluginHealth.class},
        immediate = true)
@Subscription(topics = "command.uptime")
@Command(
        aliases = "up",
        cooldown = 5,
        description = "How long the bot and its connection have been up",
        usage = "!uptime")
public class UptimeCommand implements EventHandler, PluginHealth {

    private final EventBus bus;

    @Activate
    public UptimeCommand(@Reference EventBus bus) {
        this.bus = bus;
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ChannelState> channels;

    private final Instant started = Instant.now();
    private final AtomicLong handled = new AtomicLong();

    @Override
    public void handle(Event event) {
        if (!event.isRequest() || !(event.payload() instanceof CommandRequest request)) {
            return;
        }
        handled.incrementAndGet();
        Instant now = Instant.now();
        Instant processStart =
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        bus.reply(event, new CommandReply(text(processStart, channel(request.channel()), now)));
    }

    /** The answer, given when the process started and the channel's link state. */
    static String text(Instant processStart, Optional<ConnectionState> link, Instant now) {
        String bot = "Bot up " + DurationText.of(Duration.between(processStart, now));
        String connection = link.filter(l -> l.phase() == ConnectionState.Phase.READY)
                .map(l -> "connected for " + DurationText.of(Duration.between(l.since(), now)))
                .orElse("not connected");
        return bot + ", " + connection + ".";
    }

    private Optional<ConnectionState> channel(String name) {
        return ChannelState.find(channels, name).map(ChannelState::connection);
    }

    @Override
    public PluginStatus status() {
        return new PluginStatus(
                "daz.plugin.uptime",
                PluginStatus.State.RUNNING,
                Optional.empty(),
                0,
                handled.get(),
                Duration.between(started, Instant.now()));
    }
}
