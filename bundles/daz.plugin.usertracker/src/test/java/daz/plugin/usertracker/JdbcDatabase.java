package daz.plugin.usertracker;

import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Database} for unit tests: a fresh schema in the test PostgreSQL ({@code DAZ_TEST_JDBC_URL}, else the
 * server on 127.0.0.1:5432) with the module's migrations applied, values mapped as {@code daz.sql} maps them (whole
 * numbers as Long). Shared with the other tracker plugins through this module's test jar.
 */
public final class JdbcDatabase implements Database, AutoCloseable {

    private final Connection connection;
    private final String schema;
    private volatile DatabaseException refusal;

    /** Creates {@code schema} afresh and applies the scripts in {@code migrations} (V1__, V2__, ... in order). */
    public JdbcDatabase(String schema, Path migrations) throws SQLException, IOException {
        String url = System.getenv("DAZ_TEST_JDBC_URL");
        this.connection = DriverManager.getConnection(
                url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" : url);
        this.schema = schema;
        try (Statement s = connection.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            try (var files = Files.list(migrations)) {
                for (Path script : files.sorted(Comparator.comparingInt(JdbcDatabase::version))
                        .toList()) {
                    s.execute(Files.readString(script));
                }
            }
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    @Override
    public String schema() {
        return schema;
    }

    /**
     * From now on the plugin's statements are refused with {@code refusal} (null: taken again), as daz.sql refuses
     * those of a schema not migrated yet; {@link #value} still reads, for assertions.
     */
    public void refuse(DatabaseException refusal) {
        this.refusal = refusal;
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        refuseIfAsked();
        return read(sql, parameters);
    }

    private void refuseIfAsked() {
        DatabaseException r = refusal;
        if (r != null) {
            throw new DatabaseException(r.getMessage(), r.sqlState(), null);
        }
    }

    private synchronized List<Map<String, Object>> read(String sql, Object... parameters) {
        try (PreparedStatement s = prepare(sql, parameters);
                ResultSet rs = s.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(
                            meta.getColumnLabel(i),
                            value instanceof Integer || value instanceof Short ? ((Number) value).longValue() : value);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e.getSQLState(), e);
        }
    }

    @Override
    public synchronized long execute(String sql, Object... parameters) {
        refuseIfAsked();
        try (PreparedStatement s = prepare(sql, parameters)) {
            return s.executeLargeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e.getSQLState(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement s = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }

    /** One value of a query with no parameters, for assertions. */
    public Object value(String sql) {
        List<Map<String, Object>> rows = read(sql);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } finally {
            connection.close();
        }
    }
}
