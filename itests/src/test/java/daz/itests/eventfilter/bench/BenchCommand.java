package daz.itests.eventfilter.bench;

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import org.osgi.service.component.annotations.Component;

/**
 * The command benchmark's plugin, dropped into the runtime's deploy/ folder as an operator installs one:
 * {@code !bench <n>} is answered {@code pong <n>}, so each reply names the command it answers.
 */
@Component
@Command(name = "bench", description = "Answers pong and its argument", usage = "!bench <n>")
public class BenchCommand implements CommandHandler {

    @Override
    public String answer(CommandRequest request) {
        return "pong " + request.args();
    }
}
