package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.bus.EventHandler;
import daz.api.command.Command;
import daz.api.command.CommandInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {

    private static List<CommandInfo> describe(Map<String, Object> properties) {
        return CommandRegistry.describe(properties::get, "daz.plugin.test");
    }

    @Test
    void describesACommandFromItsServiceProperties() {
        List<CommandInfo> infos = describe(Map.of(
                EventHandler.TOPICS, "command.Seen",
                Command.ALIASES, new String[] {"LastSeen", " ls "},
                Command.MIN_RANK, 2,
                Command.COOLDOWN, "30",
                Command.DESCRIPTION, "When a user was last here",
                Command.USAGE, "!seen <user>"));
        assertThat(infos)
                .containsExactly(new CommandInfo(
                        "seen",
                        List.of("lastseen", "ls"),
                        2,
                        30,
                        "When a user was last here",
                        "!seen <user>",
                        "daz.plugin.test"));
    }

    @Test
    void defaultsToRankZeroAndNoCooldown() {
        CommandInfo info = describe(Map.of(EventHandler.TOPICS, "command.ping")).get(0);
        assertThat(info.minRank()).isZero();
        assertThat(info.cooldownSeconds()).isZero();
    }

    @Test
    void ignoresTopicsThatAreNotOneCommandName() {
        assertThat(describe(Map.of(EventHandler.TOPICS, new String[] {"command.*", "command.a.b", "cytube.x"})))
                .isEmpty();
    }

    @Test
    void findsByNameOrAliasCaseInsensitively() {
        CommandRegistry registry = new CommandRegistry("!", List.of());
        registry.add("s1", describe(Map.of(EventHandler.TOPICS, "command.help", Command.ALIASES, "h")));
        assertThat(registry.find("HELP")).map(CommandInfo::name).contains("help");
        assertThat(registry.find("h")).map(CommandInfo::name).contains("help");
        assertThat(registry.find("x")).isEmpty();
    }

    @Test
    void forgetsACommandWhenItsServiceGoes() {
        CommandRegistry registry = new CommandRegistry("!", List.of());
        registry.add("s1", describe(Map.of(EventHandler.TOPICS, "command.help")));
        registry.remove("s1");
        assertThat(registry.find("help")).isEmpty();
        assertThat(registry.commands()).isEmpty();
    }

    @Test
    void aCommandWhoseLastHandlerWentAwayIsUpdatingByNameAndAliasForTheWindow() {
        long[] now = {1_000};
        CommandRegistry registry = new CommandRegistry("!", List.of(), Duration.ofSeconds(10), () -> now[0]);
        registry.add("s1", describe(Map.of(EventHandler.TOPICS, "command.help", Command.ALIASES, "h")));
        registry.remove("s1");
        now[0] += 9_999;
        assertThat(registry.find("help")).isEmpty();
        assertThat(registry.findUpdating("HELP")).map(CommandInfo::name).contains("help");
        assertThat(registry.findUpdating("h")).map(CommandInfo::name).contains("help");
        assertThat(registry.isUpdating("help")).isTrue();
        now[0] += 1;
        assertThat(registry.findUpdating("help")).isEmpty();
        assertThat(registry.isUpdating("help")).isFalse();
    }

    @Test
    void aCommandWhoseHandlerIsBackIsNoLongerUpdating() {
        CommandRegistry registry = new CommandRegistry("!", List.of(), Duration.ofSeconds(10), () -> 0);
        registry.add("s1", describe(Map.of(EventHandler.TOPICS, "command.help")));
        registry.remove("s1");
        registry.add("s2", describe(Map.of(EventHandler.TOPICS, "command.help")));
        assertThat(registry.isUpdating("help")).isFalse();
        assertThat(registry.findUpdating("help")).isEmpty();
        assertThat(registry.find("help")).isPresent();
    }

    @Test
    void aCommandStillServedByAnotherHandlerOrNeverServedIsNotUpdating() {
        CommandRegistry registry = new CommandRegistry("!", List.of(), Duration.ofSeconds(10), () -> 0);
        registry.add("s1", describe(Map.of(EventHandler.TOPICS, "command.help")));
        registry.add("s2", describe(Map.of(EventHandler.TOPICS, "command.help")));
        registry.remove("s1");
        assertThat(registry.isUpdating("help")).isFalse();
        assertThat(registry.isUpdating("never")).isFalse();
        assertThat(registry.findUpdating("never")).isEmpty();
    }

    @Test
    void theFirstServiceKeepsANameALaterOneClaims() {
        CommandRegistry registry = new CommandRegistry("!", List.of());
        registry.add(
                "s1",
                CommandRegistry.describe(Map.<String, Object>of(EventHandler.TOPICS, "command.help")::get, "first"));
        registry.add(
                "s2",
                CommandRegistry.describe(Map.<String, Object>of(EventHandler.TOPICS, "command.help")::get, "second"));
        assertThat(registry.find("help")).map(CommandInfo::bundle).contains("first");
        registry.remove("s1");
        assertThat(registry.find("help")).map(CommandInfo::bundle).contains("second");
    }

    @Test
    void adminsAreMatchedCaseInsensitivelyAndABlankPrefixFallsBackToBang() {
        CommandRegistry registry = new CommandRegistry(" ", List.of("Alice", " "));
        assertThat(registry.isAdmin("alice")).isTrue();
        assertThat(registry.isAdmin("bob")).isFalse();
        assertThat(registry.prefix()).isEqualTo("!");
    }

    @Test
    void adminsWrittenCommaSeparatedInTheCfgFileAreSeveralAdmins() {
        // FileInstall hands `admins = alice, Bob` to the component as the one string "alice, Bob"
        CommandRegistry registry = new CommandRegistry(
                Configs.of(EventFilterConfiguration.class, Map.of("admins", new String[] {"alice, Bob,,"})));
        assertThat(registry.isAdmin("alice")).isTrue();
        assertThat(registry.isAdmin("bob")).isTrue();
        assertThat(registry.isAdmin("alice, bob")).isFalse();
        assertThat(registry.settings().admins()).hasSize(2);
    }

    @Test
    void anEditOfItsConfigurationChangesPrefixAdminsAndLimitsInPlace() {
        CommandRegistry registry = new CommandRegistry(
                Configs.of(EventFilterConfiguration.class, Map.of("prefix", "!", "admins", new String[] {"Alice"})));
        registry.add("s1", describe(Map.of(EventHandler.TOPICS, "command.help")));

        registry.modified(Configs.of(
                EventFilterConfiguration.class,
                Map.of(
                        "prefix",
                        " $ ",
                        "admins",
                        new String[] {"Bob", "bob", " "},
                        "spam_commands",
                        2,
                        "command_timeout_seconds",
                        3,
                        "audit_args_max",
                        40)));

        assertThat(registry.prefix()).isEqualTo("$");
        assertThat(registry.isAdmin("BOB")).isTrue();
        assertThat(registry.isAdmin("alice")).isFalse();
        assertThat(registry.settings().limits())
                .isEqualTo(new CommandDispatcher.Limits(
                        2, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(3), 40));
        assertThat(registry.find("help")).as("the commands stay").isPresent();
    }

    @Test
    void aNewCommandTimeoutIsTheUpdatingWindowOfCommandsThatGoAwayAfterTheEdit() {
        long[] now = {0};
        CommandRegistry registry = new CommandRegistry("!", List.of(), Duration.ofSeconds(10), () -> now[0]);
        registry.add("s1", describe(Map.of(EventHandler.TOPICS, "command.help")));
        registry.configure(CommandSettings.of(
                "!",
                List.of(),
                new CommandDispatcher.Limits(
                        5, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(2), 500)));
        registry.remove("s1");
        now[0] = 1_999;
        assertThat(registry.isUpdating("help")).isTrue();
        now[0] = 2_000;
        assertThat(registry.isUpdating("help")).isFalse();
    }
}
