package daz.api.bus;

import java.util.Objects;
import java.util.Set;

/**
 * How to publish an event: priority, tags and whether loggers may record it. Start from {@link #DEFAULT} and change
 * what differs, e.g. {@code PublishOptions.DEFAULT.withPriority(Priority.HIGH)}.
 *
 * @param priority delivery priority
 * @param tags free-form labels carried by the event
 * @param loggable whether loggers may record the event
 */
public record PublishOptions(Priority priority, Set<String> tags, boolean loggable) {

    /** Normal priority, no tags, loggable. */
    public static final PublishOptions DEFAULT = new PublishOptions(Priority.NORMAL, Set.of(), true);

    /** Checks the fields; {@code tags} is copied. */
    public PublishOptions {
        Objects.requireNonNull(priority, "priority");
        tags = Set.copyOf(tags);
    }

    /** These options with another priority. */
    public PublishOptions withPriority(Priority newPriority) {
        return new PublishOptions(newPriority, tags, loggable);
    }

    /** These options with the given tags instead of the current ones. */
    public PublishOptions withTags(String... newTags) {
        return new PublishOptions(priority, Set.of(newTags), loggable);
    }

    /** These options with the loggable flag set as given. */
    public PublishOptions withLoggable(boolean newLoggable) {
        return new PublishOptions(priority, tags, newLoggable);
    }
}
