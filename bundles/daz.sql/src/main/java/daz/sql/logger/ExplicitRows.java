package daz.sql.logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import daz.api.sql.Migrations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rows a plugin asks for explicitly, on {@code log.request} (one row) or {@code log.batch} (many rows of one
 * table). The payload is a {@code Map} or a record with the components {@code table} and {@code row} (a map of column
 * to value), or {@code table} and {@code rows} (a list of such maps). The table is in the requesting bundle's own
 * schema ({@code daz_<plugin>}) and the rows are written under its role, so a plugin reaches nothing else.
 */
final class ExplicitRows {

    /** Most rows one {@code log.batch} may carry: a journal record stays a bounded amount of memory. */
    static final int MAX_BATCH_ROWS = 10_000;

    private ExplicitRows() {}

    static List<LogRow> ofRequest(Object payload, String origin, ObjectMapper json) {
        String table = table(payload);
        Object row = component(payload, "row");
        if (!(row instanceof Map<?, ?> values)) {
            throw new IllegalArgumentException("log.request needs 'row', a map of column to value");
        }
        return List.of(row(origin, table, values, json));
    }

    static List<LogRow> ofBatch(Object payload, String origin, ObjectMapper json) {
        String table = table(payload);
        Object rows = component(payload, "rows");
        if (!(rows instanceof Collection<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("log.batch needs 'rows', a non-empty list of maps of column to value");
        }
        if (list.size() > MAX_BATCH_ROWS) {
            throw new IllegalArgumentException(
                    "log.batch carries at most " + MAX_BATCH_ROWS + " rows, not " + list.size());
        }
        List<LogRow> result = new ArrayList<>(list.size());
        for (Object row : list) {
            if (!(row instanceof Map<?, ?> values)) {
                throw new IllegalArgumentException("every entry of 'rows' must be a map of column to value");
            }
            result.add(row(origin, table, values, json));
        }
        return result;
    }

    private static String table(Object payload) {
        if (!(component(payload, "table") instanceof String table)) {
            throw new IllegalArgumentException("the payload needs 'table', the name of a table in your schema");
        }
        return LogRules.identifier(table, "table");
    }

    private static LogRow row(String origin, String table, Map<?, ?> values, ObjectMapper json) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a row needs at least one column");
        }
        // sorted, so rows with the same columns share one column list and go to PostgreSQL together
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            if (!(entry.getKey() instanceof String column)) {
                throw new IllegalArgumentException("column names are strings, not " + entry.getKey());
            }
            String name = LogRules.identifier(column, "column");
            if (sorted.containsKey(name)) {
                throw new IllegalArgumentException("column " + name + " is given twice");
            }
            sorted.put(name, text(entry.getValue(), name, json));
        }
        return new LogRow(
                Migrations.schemaOf(origin),
                table,
                List.copyOf(sorted.keySet()),
                Collections.unmodifiableList(Arrays.asList(sorted.values().toArray(new String[0]))));
    }

    /** A value as the text PostgreSQL reads into the column's type. */
    static String text(Object value, String column, ObjectMapper json) {
        if (value == null) {
            return null;
        }
        if (value instanceof Optional<?> optional) {
            return text(optional.orElse(null), column, json);
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return LogRule.clean(value.toString());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toOffsetDateTime().toString();
        }
        if (value instanceof Temporal) { // Instant, OffsetDateTime, LocalDate...: ISO 8601, as PostgreSQL reads it
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Map<?, ?>
                || value instanceof Collection<?>
                || value.getClass().isArray()
                || value.getClass().isRecord()
                || value instanceof com.fasterxml.jackson.databind.JsonNode) {
            try {
                return json.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "column " + column + ": cannot write it as JSON: " + e.getOriginalMessage());
            }
        }
        throw new IllegalArgumentException(
                "column " + column + ": cannot store a " + value.getClass().getName());
    }

    /** A named part of a payload that is a map or a record. */
    private static Object component(Object payload, String name) {
        if (payload instanceof Map<?, ?> map) {
            return map.get(name);
        }
        if (payload.getClass().isRecord()) {
            for (RecordComponent component : payload.getClass().getRecordComponents()) {
                if (component.getName().equals(name)) {
                    try {
                        return component.getAccessor().invoke(payload);
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new IllegalArgumentException("cannot read '" + name + "' of the payload: " + e);
                    }
                }
            }
            return null;
        }
        throw new IllegalArgumentException("the payload must be a Map or a record, not a "
                + payload.getClass().getName());
    }
}
