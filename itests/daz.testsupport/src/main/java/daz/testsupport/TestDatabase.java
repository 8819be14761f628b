package daz.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * The PostgreSQL a plugin's tests use, if any: {@code DAZ_TEST_JDBC_URL} (a JDBC URL with user, to a maintenance
 * database) if set, else the server on 127.0.0.1:5432 (user {@code postgres}) if it answers. Each test class gets a
 * fresh database {@code daz_it_<class>}. With neither, Daz runs without a database: commands are answered, nothing is
 * stored, and the log says so.
 */
public final class TestDatabase {

    private TestDatabase() {}

    /** A JDBC URL (with user) to a fresh database of the class's own, or empty when no server is at hand. */
    public static Optional<String> createFor(Class<?> testClass) {
        Optional<String> server = serverUrl();
        if (server.isEmpty()) {
            return Optional.empty();
        }
        String name = "daz_it_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(server.get());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        String url = server.get();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return Optional.of(
                base.substring(0, base.lastIndexOf('/') + 1) + name + (query < 0 ? "" : url.substring(query)));
    }

    private static Optional<String> serverUrl() {
        String configured = System.getenv("DAZ_TEST_JDBC_URL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured.strip());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
            return Optional.of("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
