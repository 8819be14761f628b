package daz.api.sql;

import java.util.List;
import java.util.Map;

/**
 * The reply to a {@link SqlStatement}: for {@code sql.query} the rows (column → JSON-friendly value, in column
 * order) and their count; for {@code sql.exec} no rows and the number of rows changed.
 */
public record SqlResult(List<Map<String, Object>> rows, long rowCount) {

    public SqlResult {
        rows = List.copyOf(rows);
    }
}
