package daz.eventfilter;

import java.util.Locale;

/** What became of a line the EventFilter looked at; the command outcomes go to the audit table. */
enum Outcome {
    /** Not a command (no prefix, bare prefix, own line, backlog): nothing happens. */
    IGNORED,
    /** A command nobody serves: no answer. */
    UNKNOWN,
    /** Dispatched; the reply (or failure) comes later. */
    DISPATCHED,
    /** The caller's rank is too low. */
    DENIED,
    /** The caller used the command too recently. */
    COOLDOWN,
    /** The caller sends commands too fast. */
    SPAM;

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
