package daz.eventfilter;

import daz.api.command.CommandInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Commands whose last handler went away a moment ago: their plugin is most likely being updated, refreshed or
 * restarted. Each stays known, by name and aliases, for a window (the command timeout), so that a request for it is
 * still sent (the bus holds it for the plugin's durable handler, {@code daz.command.<name>}) rather than taken for a
 * command nobody ever served. A command whose handler is back is forgotten here at once.
 */
final class UpdatingCommands {

    private record Gone(CommandInfo info, long until) {}

    private volatile long windowMillis;
    private final LongSupplier clock;
    // name and every alias -> the command; replaced as a whole, read without a lock
    private volatile Map<String, Gone> byWord = Map.of();

    UpdatingCommands(Duration window, LongSupplier clock) {
        this.windowMillis = Math.max(0, window.toMillis());
        this.clock = clock;
    }

    /** Commands that go away from now on stay known for {@code window}; those already gone keep theirs. */
    void window(Duration window) {
        windowMillis = Math.max(0, window.toMillis());
    }

    /** The last handler of {@code info} went away now. */
    synchronized void wentAway(CommandInfo info) {
        long now = clock.getAsLong();
        Map<String, Gone> next = live(now);
        Gone gone = new Gone(info, now + windowMillis);
        next.put(info.name(), gone);
        info.aliases().forEach(alias -> next.putIfAbsent(alias, gone));
        byWord = Map.copyOf(next);
    }

    /** The commands named {@code served} have a handler again: they are not updating any more. */
    synchronized void back(Set<String> served) {
        if (byWord.isEmpty()) {
            return;
        }
        Map<String, Gone> next = live(clock.getAsLong());
        next.values().removeIf(gone -> served.contains(gone.info().name()));
        byWord = Map.copyOf(next);
    }

    /** The updating command of that name or alias (case-insensitive), while its window lasts. */
    Optional<CommandInfo> find(String nameOrAlias) {
        Map<String, Gone> current = byWord;
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Gone gone = current.get(nameOrAlias.toLowerCase(Locale.ROOT));
        return gone != null && gone.until() > clock.getAsLong() ? Optional.of(gone.info()) : Optional.empty();
    }

    /** Whether the command of that name is updating now. */
    boolean contains(String name) {
        return find(name).filter(info -> info.name().equals(name)).isPresent();
    }

    private Map<String, Gone> live(long now) {
        Map<String, Gone> next = new HashMap<>(byWord);
        next.values().removeIf(gone -> gone.until() <= now);
        return next;
    }
}
