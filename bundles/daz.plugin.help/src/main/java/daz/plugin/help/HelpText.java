package daz.plugin.help;

import daz.api.command.CommandCatalog;
import daz.api.command.CommandInfo;
import daz.api.command.CommandRequest;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What {@code !help} says: the commands a caller may use, or what one command does and how to call it. */
final class HelpText {

    /** Longest command word echoed back in an answer, so a 1,000-character argument is not repeated. */
    private static final int ECHO_MAX = 32;

    private HelpText() {}

    /** The answer to a request, from the commands in the catalog. */
    static String of(CommandCatalog catalog, CommandRequest request) {
        String prefix = catalog.prefix();
        List<String> args = request.argList();
        if (args.isEmpty()) {
            String names = catalog.commands().stream()
                    .filter(c -> c.allows(request.rank(), request.admin()))
                    .map(c -> prefix + c.name())
                    .collect(Collectors.joining(" "));
            return "Commands: " + names + " (" + prefix + "help <command> for details)";
        }
        String wanted = args.get(0);
        if (wanted.startsWith(prefix)) {
            wanted = wanted.substring(prefix.length());
        }
        Optional<CommandInfo> found = catalog.find(wanted).filter(c -> c.allows(request.rank(), request.admin()));
        if (found.isEmpty()) {
            String echo = wanted.length() > ECHO_MAX ? wanted.substring(0, ECHO_MAX) + "…" : wanted;
            return "No command " + prefix + echo + ". Try " + prefix + "help";
        }
        CommandInfo command = found.get();
        StringBuilder text = new StringBuilder(prefix).append(command.name());
        if (!command.description().isBlank()) {
            text.append(": ").append(command.description());
        }
        text.append(". Usage: ").append(command.usage().isBlank() ? prefix + command.name() : command.usage());
        if (!command.aliases().isEmpty()) {
            text.append(". Aliases: ")
                    .append(command.aliases().stream().map(a -> prefix + a).collect(Collectors.joining(" ")));
        }
        if (command.minRank() > 0) {
            text.append(". Rank ").append(command.minRank()).append("+");
        }
        if (command.cooldownSeconds() > 0) {
            text.append(". Cooldown ").append(command.cooldownSeconds()).append(" s");
        }
        return text.toString();
    }
}
