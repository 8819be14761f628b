package daz.itests.eventfilter.bench;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.command.Command;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The command benchmark's plugin, dropped into the runtime's deploy/ folder as an operator installs one:
 * {@code !bench <n>} is answered {@code pong <n>}, so each reply names the command it answers.
 */
@Component(service = EventHandler.class)
@Subscription(topics = "command.bench")
@Command(description = "Answers pong and its argument", usage = "!bench <n>")
public class BenchCommand implements EventHandler {

    private final EventBus bus;

    @Activate
    public BenchCommand(@Reference EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void handle(Event event) {
        if (event.isRequest() && event.payload() instanceof CommandRequest request) {
            bus.reply(event, new CommandReply("pong " + request.args()));
        }
    }
}
