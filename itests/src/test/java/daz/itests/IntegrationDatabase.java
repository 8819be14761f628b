package daz.itests;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The PostgreSQL the integration tests use: {@code DAZ_TEST_JDBC_URL} if set, else the server on 127.0.0.1:5432 if
 * it answers, else an embedded PostgreSQL started for this JVM. Each test class gets a database of its own,
 * created fresh, so classes never see each other's rows.
 */
public final class IntegrationDatabase {

    private static EmbeddedPostgres embedded;
    private static final java.util.Set<String> created = new java.util.HashSet<>();

    private IntegrationDatabase() {}

    /** A JDBC URL (with user) to the server's maintenance database. */
    public static synchronized String serverUrl() {
        String configured = System.getenv("DAZ_TEST_JDBC_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        int port = Integer.getInteger("daz.test.local.port", 5432);
        if (answers("127.0.0.1", port)) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("no PostgreSQL on 127.0.0.1:5432 and the embedded one failed", e);
            }
        }
        return embedded.getJdbcUrl("postgres", "postgres");
    }

    /**
     * Drops and creates {@code daz_it_<class>} (once per JVM: Pax Exam may ask for a class's configuration more
     * than once) and returns a JDBC URL (with user) to it.
     */
    public static synchronized String createFor(Class<?> testClass) {
        String name = databaseName(testClass);
        String server = serverUrl();
        if (!created.add(name)) {
            return withDatabase(server, name);
        }
        try {
            TestDatabase.at(server).execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            TestDatabase.at(server).execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return withDatabase(server, name);
    }

    /** The JDBC URL (with user) of the class's database, as {@link #createFor} made it. */
    public static String urlFor(Class<?> testClass) {
        return withDatabase(serverUrl(), databaseName(testClass));
    }

    private static String databaseName(Class<?> testClass) {
        return "daz_it_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
    }

    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
