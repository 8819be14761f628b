package daz.itests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL database as the tests read and change it over plain JDBC: a connection, one value, a column, a count,
 * a statement. {@link #ofThisClass()} is the test class's own database (its URL handed to the framework by {@link
 * DazTestSupport} as {@value #URL_PROPERTY}); {@link #at} any other, such as the database of a runtime process.
 */
public final class TestDatabase {

    /** The system property with the JDBC URL (with user) of the test class's own database. */
    public static final String URL_PROPERTY = "daz.test.jdbc.url";

    private final String url;
    private final Properties login;

    private TestDatabase(String url, Properties login) {
        this.url = url;
        this.login = login;
    }

    /** The test class's own database, from inside the test framework. */
    public static TestDatabase ofThisClass() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException(URL_PROPERTY + " is not set: is the test a DazTestSupport?");
        }
        return at(url);
    }

    /** The database at this JDBC URL (user and password in it, if any). */
    public static TestDatabase at(String url) {
        return new TestDatabase(url, new Properties());
    }

    /** The database at this JDBC URL with these connection properties (user, password, timeouts). */
    public static TestDatabase at(String url, Properties login) {
        return new TestDatabase(url, login);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, login);
    }

    /** The first column of the first row ({@code null} if there is none). */
    public Object value(String sql, Object... parameters) throws SQLException {
        List<Object> column = column(sql, parameters);
        return column.isEmpty() ? null : column.get(0);
    }

    /** The first column of every row. */
    public List<Object> column(String sql, Object... parameters) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = prepare(c, sql, parameters);
                ResultSet rs = s.executeQuery()) {
            List<Object> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getObject(1));
            }
            return values;
        }
    }

    /**
     * The first column of the first row as a number; -1 if there is no row or the query fails (a table not migrated
     * yet, the database away): "not yet" to an await.
     */
    public long count(String sql, Object... parameters) {
        try {
            return value(sql, parameters) instanceof Number n ? n.longValue() : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Runs a statement; returns how many rows it changed. */
    public int execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = prepare(c, sql, parameters)) {
            s.execute();
            return Math.max(0, s.getUpdateCount());
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }
}
