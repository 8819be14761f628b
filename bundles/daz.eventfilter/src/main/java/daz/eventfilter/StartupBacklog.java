package daz.eventfilter;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Command lines whose command was unknown while the EventFilter had just started: after an update of
 * {@code daz.eventfilter} the lines held for it on the bus come at once, and a plugin's command may reach the
 * catalogue a moment after them. Each is kept, for the grace time from the start, until its command registers (then
 * it runs) or the grace is over (then it is dropped: a command nobody serves stays silent). Bounded; not thread-safe
 * (the CommandFilter calls it under its lock).
 *
 * @param <T> what is kept of a line
 */
final class StartupBacklog<T> {

    private record Parked<T>(String word, T line) {}

    private final long graceEnds;
    private final int max;
    private final List<Parked<T>> parked = new ArrayList<>();

    /**
     * @param startedAt when the EventFilter started (ms)
     * @param graceMillis how long after it unknown commands are kept
     * @param max how many are kept at most; past it, later ones are not
     */
    StartupBacklog(long startedAt, long graceMillis, int max) {
        this.graceEnds = startedAt + graceMillis;
        this.max = max;
    }

    /** Keeps {@code line}, whose command {@code word} is unknown now; whether it was kept. */
    boolean park(String word, T line, long now) {
        if (now >= graceEnds) {
            parked.clear();
            return false;
        }
        if (parked.size() >= max) {
            return false;
        }
        parked.add(new Parked<>(word, line));
        return true;
    }

    /** Takes out, in order, the lines whose command is known now; forgets them all once the grace is over. */
    List<T> release(Predicate<String> known, long now) {
        if (now >= graceEnds) {
            parked.clear();
            return List.of();
        }
        List<T> ready = new ArrayList<>();
        for (Iterator<Parked<T>> it = parked.iterator(); it.hasNext(); ) {
            Parked<T> next = it.next();
            if (known.test(next.word())) {
                ready.add(next.line());
                it.remove();
            }
        }
        return ready;
    }

    int size() {
        return parked.size();
    }
}
