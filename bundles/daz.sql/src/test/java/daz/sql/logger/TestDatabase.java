package daz.sql.logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of a test class's own on the PostgreSQL of this machine (127.0.0.1:5432, user postgres, or
 * {@code DAZ_TEST_JDBC_URL}), with the daz_sql tables as the migration makes them. Where none answers, an
 * embedded PostgreSQL is started for the JVM. The data source can be switched off, as a database that went away.
 */
public final class TestDatabase implements DataSource {

    private final PGSimpleDataSource target = new PGSimpleDataSource();
    private volatile boolean down;

    private TestDatabase(String url) {
        target.setURL(url);
    }

    private static EmbeddedPostgres embedded;

    /** DAZ_TEST_JDBC_URL, else the server on 127.0.0.1:5432 if it answers, else an embedded one for this JVM. */
    private static synchronized String server() throws IOException {
        String configured = System.getenv("DAZ_TEST_JDBC_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String local = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        try (Connection c = DriverManager.getConnection(local)) {
            return local;
        } catch (SQLException noLocalServer) {
            if (embedded == null) {
                embedded = EmbeddedPostgres.builder().start();
            }
            return embedded.getJdbcUrl("postgres", "postgres");
        }
    }

    public static TestDatabase forClass(Class<?> testClass) {
        String name = "daz_ut_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
        String server;
        try {
            server = server();
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL to test against, and the embedded one failed", e);
        }
        try (Connection c = DriverManager.getConnection(server);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        int query = server.indexOf('?');
        String base = query < 0 ? server : server.substring(0, query);
        String params = query < 0 ? "" : server.substring(query);
        return new TestDatabase(base.substring(0, base.lastIndexOf('/') + 1) + name + params);
    }

    /** Drops and re-creates schema daz_sql from the migration script. */
    void resetSchema() throws SQLException, IOException {
        String script;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/V1__logger.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = target.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS daz_sql CASCADE");
            s.execute("CREATE SCHEMA daz_sql");
            s.execute("SET search_path TO daz_sql");
            s.execute(script);
        }
    }

    /** Its JDBC URL, with the user in it. */
    public String url() {
        return target.getURL();
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = target.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String sql) {
        try (Connection c = target.getConnection();
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    void setDown(boolean isDown) {
        down = isDown;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            throw new SQLTransientConnectionException("Connection to 127.0.0.1:5432 refused (test switched it off)");
        }
        return target.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
