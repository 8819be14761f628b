package daz.sql.logger;

import java.util.List;
import java.util.Objects;

/**
 * One row to insert, as text: PostgreSQL turns each value into its column's type, as COPY does.
 *
 * @param schema the table's schema
 * @param table the table
 * @param columns column names, shared by every row a rule makes
 * @param values one per column, {@code null} for SQL NULL
 */
public record LogRow(String schema, String table, List<String> columns, List<String> values) {

    public LogRow {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(
                    columns.size() + " columns but " + values.size() + " values for " + schema + "." + table);
        }
    }

    /** {@code schema.table}, for log lines. */
    public String target() {
        return schema + "." + table;
    }
}
