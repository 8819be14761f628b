package daz.sql.logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import daz.api.bus.Event;
import daz.api.sql.Migrations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The configured rules, parsed once: which events become which rows.
 *
 * <p>A rule reads {@code event -> table(column=value, ...)}. {@code event} is a CyTube event name ({@code chatMsg},
 * or {@code *} for all) or, with dots, a bus topic pattern. {@code table} is in schema {@code daz_sql} unless
 * written {@code schema.table}. A value is a fact of the event ({@code channel}, {@code event}, {@code topic},
 * {@code source}, {@code raw}, {@code received_at}, {@code replayed}, {@code text}), a path into its JSON payload
 * ({@code $.username}, {@code $.meta.addClass}, {@code $.items[0]}), {@code text($.path)} for HTML-unescaped text,
 * or a quoted literal ({@code 'join'}).
 */
final class LogRules {

    /** The schema of daz.sql itself, where the built-in tables live. */
    static final String SCHEMA = Migrations.schemaOf("daz.sql");

    static final List<String> DEFAULT_RULES = List.of(
            "chatMsg -> chat_log(channel=channel, time=$.time, username=$.username, msg=$.msg, text=text,"
                    + " raw=raw, received_at=received_at)",
            "pm -> pm_log(channel=channel, time=$.time, username=$.username, recipient=$.to, msg=$.msg, text=text,"
                    + " raw=raw, received_at=received_at)",
            "addUser -> user_activity(channel=channel, username=$.name, action='join', rank=$.rank, raw=raw,"
                    + " received_at=received_at)",
            "userLeave -> user_activity(channel=channel, username=$.name, action='leave', raw=raw,"
                    + " received_at=received_at)",
            "changeMedia -> media_log(channel=channel, media_type=$.type, media_id=$.id, title=$.title,"
                    + " seconds=$.seconds, raw=raw, received_at=received_at)");

    static final String ALL_EVENTS_RULE =
            "* -> event_log(channel=channel, event=event, raw=raw, replayed=replayed, received_at=received_at)";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int TOPIC_CACHE_LIMIT = 4_096;

    private final List<LogRule> rules;
    private final Map<String, List<LogRule>> byTopic = new ConcurrentHashMap<>();
    private final Set<String> topLevelFields;
    private final Timestamps timestamps = new Timestamps();

    LogRules(List<LogRule> rules) {
        this.rules = List.copyOf(rules);
        this.topLevelFields = topLevelFields(this.rules);
    }

    /** The payload fields the rules read, if all are top-level fields; {@code null} if any rule reads deeper. */
    private static Set<String> topLevelFields(List<LogRule> rules) {
        Set<String> fields = new HashSet<>();
        for (LogRule rule : rules) {
            for (LogRule.Value value : rule.values()) {
                if (value instanceof LogRule.Path path) {
                    if (path.topLevelField() == null) {
                        return null;
                    }
                    fields.add(path.topLevelField());
                } else if (value == LogRule.Fact.TEXT) {
                    fields.add("msg");
                }
            }
        }
        return Set.copyOf(fields);
    }

    /**
     * The rules a configuration asks for. A rule that does not parse is reported to {@code problems} (rule text,
     * reason) and left out; the others work.
     */
    static LogRules of(LoggerConfiguration config, BiConsumer<String, String> problems) {
        List<String> texts = new ArrayList<>();
        if (config.default_rules()) {
            texts.addAll(DEFAULT_RULES);
        }
        for (String value : config.rules() == null ? new String[0] : config.rules()) {
            for (String rule : value.split(";")) {
                if (!rule.isBlank()) {
                    texts.add(rule.trim());
                }
            }
        }
        if (config.log_all_events()) {
            texts.add(ALL_EVENTS_RULE);
        }
        List<LogRule> rules = new ArrayList<>();
        for (String text : texts) {
            try {
                rules.add(parse(text));
            } catch (IllegalArgumentException e) {
                problems.accept(text, e.getMessage());
            }
        }
        return new LogRules(rules);
    }

    List<LogRule> rules() {
        return rules;
    }

    /** The rules for events of a topic. */
    List<LogRule> forTopic(String topic) {
        List<LogRule> cached = byTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        List<LogRule> matching = rules.stream().filter(r -> r.matches(topic)).toList();
        if (byTopic.size() < TOPIC_CACHE_LIMIT) { // event names come from the server: keep the cache bounded
            byTopic.put(topic, matching);
        }
        return matching;
    }

    /** The rows the rules make of an event; empty when no rule wants it. */
    List<LogRow> rowsOf(Event event, ObjectMapper json) {
        List<LogRule> matching = forTopic(event.topic());
        if (matching.isEmpty()) {
            return List.of();
        }
        EventFacts facts = new EventFacts(event, json, topLevelFields, timestamps);
        List<LogRow> rows = new ArrayList<>(matching.size());
        for (LogRule rule : matching) {
            rows.add(rule.rowOf(facts));
        }
        return rows;
    }

    /** Parses one rule; throws {@link IllegalArgumentException} saying what is wrong. */
    static LogRule parse(String text) {
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("no '->' between the event and the table");
        }
        String event = text.substring(0, arrow).trim();
        if (event.isEmpty() || event.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the event pattern must be one word, not '" + event + "'");
        }
        String pattern = event.contains(".") ? event : "cytube.event." + event;
        for (String segment : pattern.split("\\.", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("empty segment in the event pattern '" + event + "'");
            }
        }
        if (pattern.contains(">") && !pattern.endsWith(".>")) {
            throw new IllegalArgumentException("'>' may only be the last segment of '" + event + "'");
        }
        String rest = text.substring(arrow + 2).trim();
        int open = rest.indexOf('(');
        if (open < 0 || !rest.endsWith(")")) {
            throw new IllegalArgumentException("the table must be followed by (column=value, ...)");
        }
        String target = rest.substring(0, open).trim();
        String schema = SCHEMA;
        String table = target;
        int dot = target.indexOf('.');
        if (dot >= 0) {
            schema = identifier(target.substring(0, dot), "schema");
            table = target.substring(dot + 1);
        }
        table = identifier(table, "table");
        List<String> columns = new ArrayList<>();
        List<LogRule.Value> values = new ArrayList<>();
        for (String mapping : split(rest.substring(open + 1, rest.length() - 1))) {
            int equals = mapping.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + mapping.trim() + "' is not column=value");
            }
            String column = identifier(mapping.substring(0, equals).trim(), "column");
            if (columns.contains(column)) {
                throw new IllegalArgumentException("column " + column + " is given twice");
            }
            columns.add(column);
            values.add(value(mapping.substring(equals + 1).trim()));
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns");
        }
        return new LogRule(text, pattern, schema, table, columns, values);
    }

    static String identifier(String name, String what) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid " + what + " name");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static LogRule.Value value(String expression) {
        if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
            return new LogRule.Literal(
                    expression.substring(1, expression.length() - 1).replace("''", "'"));
        }
        if (expression.startsWith("$")) {
            return new LogRule.Path(LogRule.steps(expression), false);
        }
        if (expression.startsWith("text(") && expression.endsWith(")")) {
            String path = expression.substring(5, expression.length() - 1).trim();
            if (!path.startsWith("$")) {
                throw new IllegalArgumentException("text(...) takes a $ path, not '" + path + "'");
            }
            return new LogRule.Path(LogRule.steps(path), true);
        }
        try {
            return LogRule.Fact.valueOf(expression.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown value '" + expression + "' (channel, event, topic, source, raw,"
                    + " received_at, replayed, text, $.path, text($.path) or 'literal')");
        }
    }

    /** Splits on commas outside quotes. */
    private static List<String> split(String mappings) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : mappings.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
