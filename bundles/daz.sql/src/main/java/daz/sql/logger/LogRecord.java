package daz.sql.logger;

import java.util.List;

/**
 * What one journal record holds: the rows of one accepted event or one explicit request.
 *
 * @param origin the symbolic name of the bundle that asked for the rows ({@code log.request}, {@code log.batch}),
 *     whose schema and role they are written in; empty for rows made by the configured rules
 * @param rows the rows, written in one transaction
 */
public record LogRecord(String origin, List<LogRow> rows) {

    public LogRecord {
        rows = List.copyOf(rows);
    }

    public boolean fromRules() {
        return origin.isEmpty();
    }
}
