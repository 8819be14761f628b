package daz.plugin.help;

import daz.api.command.Command;
import daz.api.command.CommandCatalog;
import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code !help}: the commands the caller may use; {@code !help <command>}: what one does and how to call it. */
@Component
@Command(
        name = "help",
        aliases = {"commands", "h"},
        cooldown = 3,
        description = "Lists the commands you may use",
        usage = "!help [command]")
public class HelpCommand implements CommandHandler {

    private final CommandCatalog catalog;

    @Activate
    public HelpCommand(@Reference CommandCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String answer(CommandRequest request) {
        return HelpText.of(catalog, request);
    }
}
