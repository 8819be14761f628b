package daz.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * The PostgreSQL a first run needs no set-up for: when {@code etc/daz.sql.cfg} names no {@code url}, the launcher
 * starts an embedded PostgreSQL whose data lives under {@code data/pg} (kept across restarts) and hands its URL to
 * daz.sql as the framework property {@value #URL_PROPERTY}. It starts beside the framework, not before it: daz.sql
 * retries until it answers, and the SQL logger's journal keeps every event meanwhile. Stopped after the framework.
 */
final class EmbeddedDatabase implements AutoCloseable {

    /** Read by daz.sql's ConnectionPool when its own url is empty. */
    static final String URL_PROPERTY = "daz.sql.embedded.url";

    private final Path data;
    private final int port;
    private final CompletableFuture<EmbeddedPostgres> server;

    private EmbeddedDatabase(Path home, int port) {
        this.data = home.resolve("data/pg");
        this.port = port;
        this.server = CompletableFuture.supplyAsync(this::start, runnable -> {
            Thread thread = new Thread(runnable, "daz-embedded-pg");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts the embedded PostgreSQL unless {@code etc/daz.sql.cfg} configures a url, or it is switched off. */
    static Optional<EmbeddedDatabase> startUnlessConfigured(Path home) throws IOException {
        Properties sql = new Properties();
        Path config = home.resolve("etc/daz.sql.cfg");
        if (Files.exists(config)) {
            try (InputStream in = Files.newInputStream(config)) {
                sql.load(in);
            }
        }
        if (!sql.getProperty("url", "").isBlank()) {
            return Optional.empty();
        }
        if (!Boolean.parseBoolean(System.getProperty("daz.sql.embedded", "true"))) {
            ConsoleLog.warn("No database: etc/daz.sql.cfg has no url and the embedded PostgreSQL is switched off"
                    + " (daz.sql.embedded=false). " + WHAT_TO_CONFIGURE);
            return Optional.empty();
        }
        return Optional.of(new EmbeddedDatabase(home, freePort()));
    }

    private static final String WHAT_TO_CONFIGURE = "Put url = jdbc:postgresql://HOST:5432/DATABASE, user = ... and"
            + " password = ... in etc/daz.sql.cfg to use a PostgreSQL server.";

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private EmbeddedPostgres start() {
        try {
            Files.createDirectories(data);
            ConsoleLog.info("Starting the embedded PostgreSQL (data in " + data + ", port " + port + ")");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setOverrideWorkingDirectory(
                            data.resolveSibling("pg-runtime").toFile())
                    .start();
            ConsoleLog.info("Embedded PostgreSQL ready on 127.0.0.1:" + port);
            return pg;
        } catch (IOException | RuntimeException e) {
            ConsoleLog.error(
                    "The embedded PostgreSQL could not start under " + data + ": " + e.getMessage() + ". "
                            + WHAT_TO_CONFIGURE,
                    e);
            return null;
        }
    }

    @Override
    public void close() {
        EmbeddedPostgres pg = server.join();
        if (pg != null) {
            try {
                pg.close();
                ConsoleLog.info("Embedded PostgreSQL stopped");
            } catch (IOException e) {
                ConsoleLog.error("Stopping the embedded PostgreSQL failed: " + e.getMessage(), e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
