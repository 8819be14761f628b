package daz.api.command;

import java.util.List;
import java.util.Optional;

/**
 * The commands registered right now, offered as a service by the EventFilter (for {@code !help} and the shell).
 * Reads are cheap and thread-safe; lists are immutable snapshots.
 */
public interface CommandCatalog {

    /** The command prefix users type, e.g. {@code !}. */
    String prefix();

    /** Every registered command, sorted by name. */
    List<CommandInfo> commands();

    /** The command of that name or alias (case-insensitive). */
    Optional<CommandInfo> find(String nameOrAlias);

    /** Whether the user is on the admin list (case-insensitive). */
    boolean isAdmin(String user);
}
