package daz.sql;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections of {@code delegate} that act as {@code role} for their whole session ({@code SET ROLE} right after
 * connecting), for a plugin's migrations: what Flyway's deprecated {@code initSql} did. Unpooled connections only:
 * the role must end with the connection.
 */
final class RoleDataSource implements DataSource {

    private final DataSource delegate;
    private final String setRole;

    RoleDataSource(DataSource delegate, String role) {
        this.delegate = delegate;
        this.setRole = "SET ROLE " + role;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return withRole(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return withRole(delegate.getConnection(username, password));
    }

    private Connection withRole(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(setRole);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }
}
