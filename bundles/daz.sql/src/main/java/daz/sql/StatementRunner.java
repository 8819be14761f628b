package daz.sql;

import daz.api.sql.DatabaseException;
import daz.api.sql.Migrations;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one plugin statement: in its own transaction, on a connection of the plugin's own pool (logged in as its
 * role, see {@link PluginRoles}), with the plugin's schema on the search path and the configured statement timeout,
 * both set with {@code SET LOCAL}. Shared by the {@code Database} service and the bus handlers. A statement that
 * PostgreSQL refuses for want of privilege is logged with the plugin's name.
 */
@Component(service = StatementRunner.class)
public class StatementRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StatementRunner.class);

    /** SQLSTATE class 42501: insufficient privilege. */
    private static final String DENIED = "42501";

    private final ConnectionPool pool;
    private final PluginSchemas schemas;

    @Activate
    public StatementRunner(@Reference ConnectionPool pool, @Reference PluginSchemas schemas) {
        this.pool = pool;
        this.schemas = schemas;
    }

    public List<Map<String, Object>> query(String caller, String sql, List<?> parameters) {
        return run(caller, sql, parameters, statement -> {
            try (ResultSet rs = statement.executeQuery()) {
                return rows(rs);
            }
        });
    }

    public long execute(String caller, String sql, List<?> parameters) {
        return run(caller, sql, parameters, PreparedStatement::executeLargeUpdate);
    }

    /** The caller's schema name; known without asking the database. */
    public String schemaOf(String caller) {
        return Migrations.schemaOf(caller);
    }

    private interface Work<T> {
        T on(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(String caller, String sql, List<?> parameters, Work<T> work) {
        if (sql == null || sql.isBlank()) {
            throw new DatabaseException(caller + ": empty statement");
        }
        PluginSchemas.SchemaState schema = schemas.schemaFor(caller);
        // no pool of its own: the bot may not create roles, and schemas are separated by name only
        DataSource source = schema.source() != null ? schema.source() : pool.dataSource();
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement setup = c.createStatement()) {
                    // one string, so the driver sends both (and the BEGIN before them) in one round trip: a plugin
                    // that writes a few times a second pays a round trip less per statement
                    setup.execute("SET LOCAL search_path TO " + schema.schema() + "; SET LOCAL statement_timeout = "
                            + pool.statementTimeoutMs());
                }
                T result;
                try (PreparedStatement statement = c.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.size(); i++) {
                        statement.setObject(i + 1, parameters.get(i));
                    }
                    result = work.on(statement);
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (DENIED.equals(e.getSQLState())) {
                LOG.warn(
                        "Plugin {} was refused by PostgreSQL (role {}, schema {}): {}",
                        caller,
                        schema.role(),
                        schema.schema(),
                        e.getMessage());
            }
            throw new DatabaseException(
                    caller + " in schema " + schema.schema() + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i), value(rs, i, meta.getColumnType(i), meta.getColumnTypeName(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** A column as a JSON-friendly value (see {@link daz.api.sql.Database}). */
    static Object value(ResultSet rs, int column, int type, String typeName) throws SQLException {
        Object value = switch (type) {
            case Types.SMALLINT, Types.INTEGER, Types.BIGINT -> rs.getLong(column);
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> rs.getDouble(column);
            case Types.NUMERIC, Types.DECIMAL -> rs.getBigDecimal(column);
            case Types.BIT, Types.BOOLEAN -> rs.getBoolean(column);
            case Types.TIMESTAMP_WITH_TIMEZONE -> iso(rs.getObject(column, OffsetDateTime.class));
            case Types.TIMESTAMP -> iso(rs.getTimestamp(column));
            case Types.DATE, Types.TIME -> rs.getString(column);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> base64(rs.getBytes(column));
            case Types.ARRAY -> list(rs.getArray(column));
            default ->
                "timestamptz".equals(typeName) ? iso(rs.getObject(column, OffsetDateTime.class)) : rs.getString(column);
        };
        return rs.wasNull() ? null : value;
    }

    private static String iso(Object time) {
        if (time == null) {
            return null;
        }
        return time instanceof Timestamp t ? t.toLocalDateTime().toString() : time.toString();
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static List<Object> list(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (Object element : (Object[]) array.getArray()) {
            values.add(
                    element instanceof BigDecimal || element instanceof Number || element instanceof Boolean
                            ? element
                            : element == null ? null : element.toString());
        }
        return values;
    }
}
