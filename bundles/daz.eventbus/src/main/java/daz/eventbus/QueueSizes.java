package daz.eventbus;

import daz.api.bus.TopicPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue capacity per topic pattern, from configuration entries {@code pattern=size}.
 *
 * <p>A handler's queue is sized from its subscription patterns: for each of them the most specific configured pattern
 * that covers it (most literal segments, then the first listed) gives a size, and the handler gets the largest of
 * those sizes, or the default size when no configured pattern covers any of its subscriptions. Thus a handler of
 * {@code cytube.event.chatMsg} gets the size of {@code cytube.event.>}, and a handler of {@code >} the default.
 */
final class QueueSizes {

    /** Upper bound of one queue: 16 M slots, a few hundred MB at worst, and nobody's typo of a billion. */
    static final int MAX_SIZE = 1 << 24;

    private static final Logger LOG = LoggerFactory.getLogger(QueueSizes.class);

    private record Entry(TopicPattern pattern, int size) {}

    private final List<Entry> entries;
    private final int defaultSize;

    private QueueSizes(List<Entry> entries, int defaultSize) {
        this.entries = List.copyOf(entries);
        this.defaultSize = defaultSize;
    }

    /** Parses the entries; an invalid entry is logged once, naming it, and skipped. */
    static QueueSizes parse(String[] configured, int defaultSize) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : configured == null ? new String[0] : configured) {
            parseEntry(raw).ifPresent(entries::add);
        }
        return new QueueSizes(entries, defaultSize);
    }

    private static Optional<Entry> parseEntry(String raw) {
        String entry = raw == null ? "" : raw.trim();
        int eq = entry.lastIndexOf('=');
        if (eq <= 0) {
            LOG.warn("Ignoring event bus queueSizes entry '{}': expected pattern=size, e.g. cytube.event.>=1000", raw);
            return Optional.empty();
        }
        String pattern = entry.substring(0, eq).trim();
        Optional<String> problem = TopicPattern.problemWithPattern(pattern);
        if (problem.isPresent()) {
            LOG.warn("Ignoring event bus queueSizes entry '{}': {}", raw, problem.get());
            return Optional.empty();
        }
        int size;
        try {
            size = Integer.parseInt(entry.substring(eq + 1).trim());
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring event bus queueSizes entry '{}': size is not a number", raw);
            return Optional.empty();
        }
        if (size < 1 || size > MAX_SIZE) {
            LOG.warn("Ignoring event bus queueSizes entry '{}': size must be between 1 and {}", raw, MAX_SIZE);
            return Optional.empty();
        }
        return Optional.of(new Entry(TopicPattern.parse(pattern), size));
    }

    /** The queue capacity for a handler subscribed to {@code subscriptions}. */
    int sizeFor(List<TopicPattern> subscriptions) {
        int size = 0;
        for (TopicPattern subscription : subscriptions) {
            Entry best = null;
            for (Entry entry : entries) {
                if (entry.pattern.covers(subscription)
                        && (best == null || entry.pattern.literalSegments() > best.pattern.literalSegments())) {
                    best = entry;
                }
            }
            if (best != null) {
                size = Math.max(size, best.size);
            }
        }
        return size == 0 ? defaultSize : size;
    }
}
