package daz.eventfilter;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code etc/daz.eventfilter.cfg} (PID {@code daz.eventfilter}) says about commands, as one value: the prefix,
 * the admins and the dispatcher's limits. The {@link CommandRegistry} alone reads that PID and swaps this value whole
 * when the file is edited, without restarting; the {@link CommandDispatcher} takes it from the registry for each line,
 * so one line is handled under one version of it and a command in flight keeps the timeout it was sent with.
 *
 * @param prefix what a chat line starts with to be a command; a blank one is {@code !}
 * @param admins user names in lower case
 */
record CommandSettings(String prefix, Set<String> admins, CommandDispatcher.Limits limits) {

    /** The defaults of {@link EventFilterConfiguration}. */
    static final CommandDispatcher.Limits DEFAULT_LIMITS = new CommandDispatcher.Limits(
            5, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10), 500);

    CommandSettings {
        prefix = prefix == null || prefix.isBlank() ? "!" : prefix.strip();
        admins = Set.copyOf(admins);
    }

    /**
     * The settings with these admins as the operator wrote them (any case, blanks ignored). An entry may hold several
     * names separated by commas: {@code admins = alice,bob} in a cfg file reaches the component as one string.
     */
    static CommandSettings of(String prefix, Collection<String> admins, CommandDispatcher.Limits limits) {
        return new CommandSettings(
                prefix,
                admins.stream()
                        .flatMap(entry -> Arrays.stream(entry.split(",")))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet()),
                limits);
    }

    static CommandSettings of(EventFilterConfiguration config) {
        return of(
                config.prefix(),
                Arrays.asList(config.admins()),
                new CommandDispatcher.Limits(
                        config.spam_commands(),
                        Duration.ofSeconds(Math.max(1, config.spam_window_seconds())),
                        Duration.ofSeconds(Math.max(0, config.refusal_silence_seconds())),
                        Duration.ofSeconds(Math.max(1, config.command_timeout_seconds())),
                        Math.max(0, config.audit_args_max())));
    }

    /** For the log: every setting, admins by count. */
    @Override
    public String toString() {
        return "prefix '" + prefix + "', " + admins.size() + " admins, " + limits.spamCommands() + " commands per "
                + limits.spamWindow().toSeconds() + " s per user, refusals repeated after "
                + limits.refusalSilence().toSeconds() + " s, command timeout "
                + limits.timeout().toSeconds()
                + " s, audit args up to " + limits.auditArgsMax() + " chars";
    }
}
