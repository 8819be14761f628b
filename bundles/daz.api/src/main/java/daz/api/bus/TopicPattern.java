package daz.api.bus;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A topic pattern as handlers subscribe with ({@link EventHandler#TOPICS}): dot-separated segments where {@code *}
 * matches one segment and a final {@code >} matches one or more remaining segments; a topic without wildcards matches
 * itself. Also the bus's rules for a topic to publish on. The bus matches a topic against its subscriptions when it
 * (re)builds that topic's handler list, so clarity wins over speed here.
 */
public final class TopicPattern {

    /** The wildcard for one segment. */
    public static final String ONE = "*";
    /** The wildcard for one or more remaining segments; only as the last segment. */
    public static final String REST = ">";

    private static final Pattern DOT = Pattern.compile("\\.");

    private final String text;
    private final String[] segments;

    private TopicPattern(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static TopicPattern parse(String text) {
        Optional<String> problem = problemWithPattern(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return new TopicPattern(text, DOT.split(text, -1));
    }

    /** What is wrong with {@code text} as a subscription pattern, if anything. */
    public static Optional<String> problemWithPattern(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.of("empty topic pattern");
        }
        String[] segments = DOT.split(text, -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            Optional<String> problem = problemWithSegment(text, segment);
            if (problem.isPresent()) {
                return problem;
            }
            if (segment.equals(REST) && i != segments.length - 1) {
                return Optional.of("'>' must be the last segment in '" + text + "'");
            }
            if (!segment.equals(ONE) && !segment.equals(REST) && (segment.contains(ONE) || segment.contains(REST))) {
                return Optional.of("wildcards must be whole segments in '" + text + "'");
            }
        }
        return Optional.empty();
    }

    /** What is wrong with {@code topic} as a topic to publish on, if anything. */
    public static Optional<String> problemWithTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            return Optional.of("empty topic");
        }
        for (String segment : DOT.split(topic, -1)) {
            Optional<String> problem = problemWithSegment(topic, segment);
            if (problem.isPresent()) {
                return problem;
            }
            if (segment.contains(ONE) || segment.contains(REST)) {
                return Optional.of("wildcards are for subscriptions, not for publishing: '" + topic + "'");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> problemWithSegment(String text, String segment) {
        if (segment.isEmpty()) {
            return Optional.of("empty segment in '" + text + "'");
        }
        for (int i = 0; i < segment.length(); i++) {
            if (Character.isWhitespace(segment.charAt(i)) || Character.isISOControl(segment.charAt(i))) {
                return Optional.of("whitespace in '" + text + "'");
            }
        }
        return Optional.empty();
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** The segments of a topic (or pattern), split at its dots: what {@link #matches(String[])} takes. */
    public static String[] segmentsOf(String topic) {
        return DOT.split(topic, -1);
    }

    /** Whether {@code topic} (a valid topic) matches this pattern. */
    public boolean matches(String topic) {
        return matches(segmentsOf(topic));
    }

    /** Whether the topic of these segments ({@link #segmentsOf}) matches this pattern. */
    public boolean matches(String[] topic) {
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(REST)) {
                return topic.length > i;
            }
            if (i >= topic.length || !(segment.equals(ONE) || segment.equals(topic[i]))) {
                return false;
            }
        }
        return topic.length == segments.length;
    }

    /** Whether some topic matches both this pattern and {@code other}. */
    public boolean overlaps(TopicPattern other) {
        String[] theirs = other.segments;
        for (int i = 0; ; i++) {
            boolean mineEnd = i >= segments.length;
            boolean theirsEnd = i >= theirs.length;
            if (mineEnd || theirsEnd) {
                return mineEnd && theirsEnd;
            }
            if (segments[i].equals(REST) || theirs[i].equals(REST)) {
                return true; // the other side has at least one segment from here on, which '>' takes
            }
            if (!segments[i].equals(ONE) && !theirs[i].equals(ONE) && !segments[i].equals(theirs[i])) {
                return false;
            }
        }
    }

    /** Whether every topic that {@code other} matches is matched by this pattern too. */
    public boolean covers(TopicPattern other) {
        String[] theirs = other.segments;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(REST)) {
                return theirs.length > i;
            }
            if (i >= theirs.length || theirs[i].equals(REST)) {
                return false;
            }
            if (!segment.equals(ONE) && (theirs[i].equals(ONE) || !segment.equals(theirs[i]))) {
                return false;
            }
        }
        return theirs.length == segments.length;
    }

    /** How many literal segments the pattern has: the more, the more specific. */
    public int literalSegments() {
        int literals = 0;
        for (String segment : segments) {
            if (!segment.equals(ONE) && !segment.equals(REST)) {
                literals++;
            }
        }
        return literals;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
