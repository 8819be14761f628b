package daz.api.command;

import java.util.List;
import java.util.Objects;

/**
 * One command as the registry knows it, from the handler's service properties.
 *
 * @param name the command's name (the last segment of {@code command.<name>}), lower case
 * @param aliases other names, lower case
 * @param minRank the lowest rank allowed
 * @param cooldownSeconds seconds between two uses by one user
 * @param description what it does, may be empty
 * @param usage how to call it, may be empty
 * @param bundle symbolic name of the bundle that provides it
 */
public record CommandInfo(
        String name,
        List<String> aliases,
        int minRank,
        int cooldownSeconds,
        String description,
        String usage,
        String bundle) {

    /** Checks the fields; {@code aliases} is copied. */
    public CommandInfo {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(bundle, "bundle");
    }

    /** Whether a caller of that rank, on the admin list or not, may use the command. */
    public boolean allows(int rank, boolean admin) {
        return admin || rank >= minRank;
    }
}
