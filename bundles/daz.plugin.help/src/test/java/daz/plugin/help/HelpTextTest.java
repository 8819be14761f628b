package daz.plugin.help;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.command.CommandCatalog;
import daz.api.command.CommandInfo;
import daz.api.command.CommandOrigin;
import daz.api.command.CommandRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HelpTextTest {

    private static final CommandInfo HELP =
            new CommandInfo("help", List.of("h"), 0, 3, "Lists the commands you may use", "!help [command]", "x");
    private static final CommandInfo SKIP = new CommandInfo("skip", List.of(), 2, 0, "Skips the video", "", "x");

    private final CommandCatalog catalog = new CommandCatalog() {
        @Override
        public String prefix() {
            return "!";
        }

        @Override
        public List<CommandInfo> commands() {
            return List.of(HELP, SKIP);
        }

        @Override
        public Optional<CommandInfo> find(String nameOrAlias) {
            return commands().stream()
                    .filter(c -> c.name().equals(nameOrAlias) || c.aliases().contains(nameOrAlias))
                    .findFirst();
        }

        @Override
        public boolean isAdmin(String user) {
            return false;
        }
    };

    private static CommandRequest request(int rank, boolean admin, String args) {
        return new CommandRequest("chan", "alice", rank, admin, "help", "help", args, CommandOrigin.CHAT);
    }

    @Test
    void listsOnlyTheCommandsTheCallerMayUse() {
        assertThat(HelpText.of(catalog, request(0, false, "")))
                .isEqualTo("Commands: !help (!help <command> for details)");
        assertThat(HelpText.of(catalog, request(2, false, ""))).startsWith("Commands: !help !skip ");
        assertThat(HelpText.of(catalog, request(0, true, ""))).startsWith("Commands: !help !skip ");
    }

    @Test
    void showsUsageAliasesAndCooldownOfOneCommand() {
        assertThat(HelpText.of(catalog, request(0, false, "!h")))
                .isEqualTo("!help: Lists the commands you may use. Usage: !help [command]. Aliases: !h. Cooldown 3 s");
    }

    @Test
    void hidesCommandsTheCallerMayNotUse() {
        assertThat(HelpText.of(catalog, request(0, false, "skip"))).isEqualTo("No command !skip. Try !help");
        assertThat(HelpText.of(catalog, request(2, false, "skip")))
                .isEqualTo("!skip: Skips the video. Usage: !skip. Rank 2+");
    }

    @Test
    void doesNotEchoALongArgument() {
        String text = HelpText.of(catalog, request(0, false, "y".repeat(1_000)));
        assertThat(text).hasSizeLessThan(80);
    }
}
