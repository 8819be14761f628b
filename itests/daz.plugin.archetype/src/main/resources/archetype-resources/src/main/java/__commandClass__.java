package ${package};

import daz.api.command.Command;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import org.osgi.service.component.annotations.Component;

/** {@code !${command}}: greets the caller. */
@Component
@Command(name = "${command}", cooldown = 3, description = "Says hello", usage = "!${command} [name]")
public class ${commandClass} implements CommandHandler {

    @Override
    public String answer(CommandRequest request) {
        String who = request.args().isBlank() ? request.caller() : request.args();
        return "Hello, " + who + "!";
    }
}
