package daz.api.command;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The payload of a {@code command.<name>} request: one use of a command that passed the EventFilter's checks.
 *
 * @param channel the channel the caller is in (as configured)
 * @param caller the caller's user name
 * @param rank the caller's rank in the channel (see {@link daz.api.cytube.Rank}); {@code 0} when the channel state
 *     does not know the caller yet
 * @param admin whether the caller is on the EventFilter's admin list
 * @param command the command's name (its topic's last segment), not the alias the caller typed
 * @param invokedAs what the caller typed after the prefix, lower case (the name or an alias)
 * @param args everything after the command word, trimmed, HTML entities already unescaped; may be empty
 * @param origin where the command was asked and where the reply goes
 */
public record CommandRequest(
        String channel,
        String caller,
        int rank,
        boolean admin,
        String command,
        String invokedAs,
        String args,
        CommandOrigin origin) {

    /** Checks the fields. */
    public CommandRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(invokedAs, "invokedAs");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(origin, "origin");
    }

    /** The arguments split on whitespace; empty when there are none. */
    public List<String> argList() {
        return args.isBlank() ? List.of() : Arrays.asList(args.trim().split("\\s+"));
    }
}
