package daz.plugin.help;

import daz.api.command.Command;
import daz.api.command.CommandCatalog;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code !help}: the commands the caller may use; {@code !help <command>}: what one does and how to call it.
 *
 * <p>The catalogue is the EventFilter's, and the reference to it is optional: while the EventFilter is updated, this
 * command stays registered, so the new EventFilter finds it at once and the {@code !help} held meanwhile is answered.
 */
@Component
@Command(
        name = "help",
        aliases = {"commands", "h"},
        cooldown = 3,
        description = "Lists the commands you may use",
        usage = "!help [command]")
public class HelpCommand implements CommandHandler {

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CommandCatalog catalog;

    @Override
    public String answer(CommandRequest request) {
        CommandCatalog commands = catalog;
        if (commands == null) {
            // only between two EventFilters, which are what dispatches commands: hardly ever seen
            return "The command list is being updated; try again in a moment.";
        }
        return HelpText.of(commands, request);
    }
}
