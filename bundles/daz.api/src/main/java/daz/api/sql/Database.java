package daz.api.sql;

import java.util.List;
import java.util.Map;

/**
 * The calling plugin's own database. The service is bundle-scoped: each bundle gets an instance bound to its own
 * schema {@code daz_<plugin>} (for {@code daz.plugin.seen} that is {@code daz_seen}), and statements run on a
 * connection logged in as that schema's own role, a member of no other role, so PostgreSQL itself refuses access to
 * other plugins' tables whatever the SQL says.
 *
 * <p>Statements are parameterised: {@code ?} placeholders, values passed separately, never concatenated. Unqualified
 * table names resolve in the plugin's schema. Each call is its own transaction.
 *
 * <p>Rows come back as JSON-friendly values: {@code String}, {@code Long}, {@code Double}, {@code BigDecimal},
 * {@code Boolean}, {@code null}; timestamps and dates as ISO-8601 strings, {@code json}/{@code jsonb} as their text,
 * {@code bytea} as Base64, arrays as lists.
 */
public interface Database {

    /** Name of this bundle's schema, e.g. {@code daz_seen}. */
    String schema();

    /**
     * Runs a query and returns every row, each as column name → value in column order.
     *
     * @throws DatabaseException with PostgreSQL's message when the statement fails, the database is unreachable,
     *     the statement times out, or the bundle's migrations failed; at once, with {@link DatabaseException#notReady()},
     *     while the bundle's migrations have not finished (no caller waits for a migration)
     */
    List<Map<String, Object>> query(String sql, Object... parameters);

    /**
     * Runs an INSERT, UPDATE, DELETE or DDL statement and returns the number of rows it changed.
     *
     * @throws DatabaseException as for {@link #query}
     */
    long execute(String sql, Object... parameters);
}
