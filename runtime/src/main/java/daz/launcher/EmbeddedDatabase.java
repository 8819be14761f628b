package daz.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL a first run needs no set-up for: when {@code etc/daz.sql.cfg} names no {@code url}, the launcher
 * starts an embedded PostgreSQL whose data lives under {@code data/pg} (kept across restarts) and hands daz.sql its
 * URL ({@value #URL_PROPERTY}, no password in it) and the path of the password file
 * ({@value #PASSWORD_FILE_PROPERTY}) as framework properties. It starts beside the framework, not before it: daz.sql
 * retries until it answers, and the SQL logger's journal keeps every event meanwhile.
 *
 * <p>On one background thread: take {@code data/pg.lock} (one bot per folder), stop a server an earlier process left
 * running there, make or secure the cluster, start the server. A start that fails is said once, with PostgreSQL's
 * reason, and tried again with backoff; a server that ends by itself is started again at once, on the same port.
 * Stopped after the framework.
 */
final class EmbeddedDatabase implements AutoCloseable {

    /** Read by daz.sql's ConnectionPool when its own url is empty. */
    static final String URL_PROPERTY = "daz.sql.embedded.url";
    /** Read by daz.sql when it uses {@value #URL_PROPERTY}: the file holding the password. */
    static final String PASSWORD_FILE_PROPERTY = "daz.sql.embedded.passwordFile";

    private static final long MAX_RETRY_MS = 30_000;

    private final Path home;
    private final Path data;
    private final Path log;
    private final int port;
    private final PasswordFile password;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "daz-launcher-embedded-pg");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Postmaster running;
    private volatile boolean closed;
    // the worker's alone
    private FileChannel lockFile;
    private FileLock lock;
    private PostgresBinaries binaries;
    private int failures;

    private EmbeddedDatabase(Path home, int port, PasswordFile password) {
        this.home = home;
        this.data = home.resolve("data/pg");
        this.log = home.resolve("data/log/postgres.log");
        this.port = port;
        this.password = password;
        worker.execute(this::attempt);
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
            LauncherLog.warn("No database: etc/daz.sql.cfg has no url and the embedded PostgreSQL is switched off"
                    + " (daz.sql.embedded=false). " + WHAT_TO_CONFIGURE);
            return Optional.empty();
        }
        Files.createDirectories(home.resolve("data/log"));
        PasswordFile password;
        try {
            // before the framework starts: daz.sql reads it when it builds its pool
            password = PasswordFile.ensure(home.resolve("data/pg.password"));
        } catch (IOException e) {
            LauncherLog.error(
                    "No database: the embedded PostgreSQL's password file could not be made: " + e + ". "
                            + WHAT_TO_CONFIGURE,
                    e);
            return Optional.empty();
        }
        return Optional.of(new EmbeddedDatabase(home, freePort(), password));
    }

    private static final String WHAT_TO_CONFIGURE = "Put url = jdbc:postgresql://HOST:5432/DATABASE, user = ... and"
            + " password = ... in etc/daz.sql.cfg to use a PostgreSQL server.";

    /** What daz.sql needs to connect: the URL (no password) and where the password file is. */
    Map<String, String> frameworkProperties() {
        return Map.of(
                URL_PROPERTY,
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres",
                PASSWORD_FILE_PROPERTY,
                password.path().toString());
    }

    private void attempt() {
        if (closed) {
            return;
        }
        long started = System.nanoTime();
        try {
            lock();
            if (binaries == null) {
                binaries = PostgresBinaries.unpackedUnder(home.resolve("data/pg-runtime"));
            }
            LeftoverServer.stop(data, binaries, log);
            new PostgresCluster(data, password, binaries, log).prepare();
            Postmaster postmaster = Postmaster.start(binaries, data, port, log);
            running = postmaster;
            LauncherLog.info("Embedded PostgreSQL ready on 127.0.0.1:" + port + " (pid " + postmaster.pid() + ", "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms"
                    + (failures > 0 ? ", after " + (failures + 1) + " attempts" : "") + ")");
            failures = 0;
            postmaster.ended().thenRun(() -> restartAfter(postmaster));
            if (closed) {
                postmaster.stop(); // close() came while it started
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (IOException | RuntimeException e) {
            failures++;
            long delay = Math.min(MAX_RETRY_MS, 500L << Math.min(failures - 1, 6));
            if (failures == 1) {
                LauncherLog.error(
                        "The embedded PostgreSQL could not start under " + data + ": " + e.getMessage()
                                + ". Trying again in the background (PostgreSQL's output is in " + log + "). "
                                + WHAT_TO_CONFIGURE,
                        e);
            }
            schedule(delay);
        }
    }

    private void restartAfter(Postmaster postmaster) {
        if (closed || postmaster.stopping()) {
            return;
        }
        running = null;
        LauncherLog.error(
                "The embedded PostgreSQL (pid " + postmaster.pid() + ") ended unexpectedly: starting it again", null);
        schedule(0);
    }

    private void schedule(long delayMs) {
        try {
            worker.schedule(this::attempt, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() shut the worker down
        }
    }

    /** One launcher per folder: a second bot started on it waits (and retries) instead of stopping the first's. */
    private void lock() throws IOException {
        if (lock != null) {
            return;
        }
        lockFile = FileChannel.open(home.resolve("data/pg.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockFile.tryLock();
        if (lock == null) {
            lockFile.close();
            throw new IOException("another Daz process runs on " + home + " (it holds data/pg.lock)");
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
                LauncherLog.warn("The embedded PostgreSQL's start did not end within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Postmaster postmaster = running;
        if (postmaster != null) {
            postmaster.stop();
            LauncherLog.info("Embedded PostgreSQL stopped");
        }
        try {
            if (lockFile != null) {
                lockFile.close(); // releases the lock
            }
        } catch (IOException e) {
            LauncherLog.error("Releasing data/pg.lock failed: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
