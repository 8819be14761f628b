package daz.eventfilter;

import java.util.regex.Pattern;

/**
 * A rule's event: a topic or a pattern in the bus's syntax ({@link daz.api.bus.EventHandler#TOPICS}), where a
 * {@code *} segment matches one segment and a final {@code >} the rest. Also checks topics to publish on.
 */
record TopicPattern(String text, String[] segments) {

    private static final String ONE = "*";
    private static final String REST = ">";
    private static final Pattern DOT = Pattern.compile("\\.");

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static TopicPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty topic pattern");
        }
        String[] segments = DOT.split(text, -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            checkSegment(text, segment);
            if (segment.equals(REST) && i != segments.length - 1) {
                throw new IllegalArgumentException("'>' must be the last segment in '" + text + "'");
            }
            if (!segment.equals(ONE) && !segment.equals(REST) && (segment.contains(ONE) || segment.contains(REST))) {
                throw new IllegalArgumentException("wildcards must be whole segments in '" + text + "'");
            }
        }
        return new TopicPattern(text, segments);
    }

    /**
     * Checks a topic to publish on.
     *
     * @return the topic's segments
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static String[] checkTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("empty topic");
        }
        String[] segments = DOT.split(topic, -1);
        for (String segment : segments) {
            checkSegment(topic, segment);
            if (segment.contains(ONE) || segment.contains(REST)) {
                throw new IllegalArgumentException("wildcards are for events, not for targets: '" + topic + "'");
            }
        }
        return segments;
    }

    private static void checkSegment(String text, String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("empty segment in '" + text + "'");
        }
        for (int i = 0; i < segment.length(); i++) {
            if (Character.isWhitespace(segment.charAt(i)) || Character.isISOControl(segment.charAt(i))) {
                throw new IllegalArgumentException("whitespace in '" + text + "'");
            }
        }
    }

    /** Whether {@code topic} (a valid topic) matches this pattern. */
    boolean matches(String topic) {
        String[] theirs = DOT.split(topic, -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(REST)) {
                return theirs.length > i;
            }
            if (i >= theirs.length || !(segment.equals(ONE) || segment.equals(theirs[i]))) {
                return false;
            }
        }
        return theirs.length == segments.length;
    }

    /** Whether some topic {@code <first>.<second>.<name>} (with any one-segment name) matches this pattern. */
    boolean reaches(String first, String second) {
        String[] probe = {first, second, "x"};
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(REST)) {
                return true;
            }
            if (i >= probe.length || !(segment.equals(ONE) || i == 2 || segment.equals(probe[i]))) {
                return false;
            }
        }
        return segments.length == probe.length;
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
