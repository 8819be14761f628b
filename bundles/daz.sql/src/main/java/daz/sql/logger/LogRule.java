package daz.sql.logger;

import com.fasterxml.jackson.databind.JsonNode;
import daz.api.cytube.ChatHtml;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One configured rule: events whose topic matches {@code pattern} become a row of {@code schema.table}, each column
 * taken from the event as its {@link Value} says.
 *
 * @param text the rule as configured, for log lines and the shell
 * @param pattern the topic pattern: exact segments, {@code *} for one segment, a final {@code >} for the rest
 * @param schema the table's schema
 * @param table the table
 * @param columns column names
 * @param values where each column's value comes from
 */
record LogRule(String text, String pattern, String schema, String table, List<String> columns, List<Value> values) {

    LogRule {
        columns = List.copyOf(columns);
        values = List.copyOf(values);
    }

    /** Where a column's value comes from. */
    sealed interface Value permits Fact, Path, Literal {
        String of(EventFacts event);
    }

    /** A fact of the event's envelope. */
    enum Fact implements Value {
        CHANNEL,
        EVENT,
        TOPIC,
        SOURCE,
        RAW,
        RECEIVED_AT,
        REPLAYED,
        TEXT;

        @Override
        public String of(EventFacts event) {
            return switch (this) {
                case CHANNEL -> clean(event.channel());
                case EVENT -> clean(event.name());
                case TOPIC -> event.topic();
                case SOURCE -> event.source();
                case RAW -> rawJson(event.raw());
                case RECEIVED_AT -> event.receivedAt();
                case REPLAYED -> Boolean.toString(event.replayed());
                case TEXT -> clean(event.text());
            };
        }
    }

    /**
     * A value inside the JSON payload ({@code $}, {@code $.a.b}, {@code $.list[0]}): a string as it is, a number or
     * boolean as its JSON text, an object or array as JSON, missing or JSON null as SQL NULL; with
     * {@code unescape}, HTML entities unescaped.
     */
    record Path(List<Object> steps, boolean unescape) implements Value {

        @Override
        public String of(EventFacts event) {
            String value;
            if (topLevelField() != null) {
                value = event.field(topLevelField());
            } else {
                JsonNode node = event.payload();
                for (Object step : steps) {
                    node = step instanceof Integer index ? node.path(index) : node.path((String) step);
                }
                value = EventFacts.text(node);
            }
            return value == null ? null : clean(unescape ? ChatHtml.unescape(value) : value);
        }

        /** The field name if this path is one top-level field, else {@code null}. */
        String topLevelField() {
            return steps.size() == 1 && steps.get(0) instanceof String name ? name : null;
        }
    }

    /** A constant. */
    record Literal(String value) implements Value {
        @Override
        public String of(EventFacts event) {
            return value;
        }
    }

    /** The row this rule makes of an event. */
    LogRow rowOf(EventFacts event) {
        String[] row = new String[values.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(i).of(event);
        }
        return new LogRow(schema, table, columns, Collections.unmodifiableList(Arrays.asList(row)));
    }

    /** Whether a topic matches this rule's pattern. */
    boolean matches(String topic) {
        return matches(pattern, topic);
    }

    static boolean matches(String pattern, String topic) {
        String[] want = pattern.split("\\.", -1);
        String[] have = topic.split("\\.", -1);
        for (int i = 0; i < want.length; i++) {
            if (want[i].equals(">")) {
                return i == want.length - 1 && have.length > i;
            }
            if (i >= have.length || !(want[i].equals("*") || want[i].equals(have[i]))) {
                return false;
            }
        }
        return want.length == have.length;
    }

    /** PostgreSQL text cannot hold NUL: it becomes U+FFFD in text columns (the raw JSON keeps it, escaped). */
    static String clean(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    /** A literal NUL is not valid JSON anyway; escaped, the json column keeps what it meant. */
    static String rawJson(String raw) {
        return raw == null || raw.indexOf('\0') < 0 ? raw : raw.replace("\0", "\\u0000");
    }

    static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 1; // after '$'
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("empty field name in " + path);
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("missing ] in " + path);
                }
                try {
                    steps.add(Integer.parseInt(path.substring(i + 1, end)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an index in " + path);
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in " + path);
            }
        }
        return steps;
    }
}
