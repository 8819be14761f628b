package daz.api.sql;

import java.util.List;
import java.util.Objects;

/**
 * The payload of a {@code sql.query} or {@code sql.exec} request on the bus: one parameterised statement, run in
 * the requesting bundle's own schema (the bus stamps who asks; nobody can ask in another's name). The reply's
 * payload is a {@link SqlResult}; a failed statement fails the request with PostgreSQL's message.
 *
 * <pre>{@code
 * bus.request("sql.query", new SqlStatement("SELECT body FROM notes WHERE id = ?", List.of(42)))
 *    .thenAccept(reply -> reply.payload(SqlResult.class).rows() ...);
 * }</pre>
 *
 * @param sql one statement with {@code ?} placeholders
 * @param parameters the values, in order (JSON-friendly types: String, Number, Boolean, null)
 */
public record SqlStatement(String sql, List<Object> parameters) {

    /** Topic: a query; the reply carries its rows. */
    public static final String QUERY = "sql.query";

    /** Topic: an INSERT, UPDATE, DELETE or DDL statement; the reply carries the row count. */
    public static final String EXEC = "sql.exec";

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        parameters = parameters == null
                ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }

    public SqlStatement(String sql, Object... parameters) {
        this(sql, java.util.Arrays.asList(parameters));
    }
}
