package daz.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of the embedded PostgreSQL server: a child process of the launcher (so its end is seen at once), in a
 * session of its own, listening on 127.0.0.1 only, no Unix-domain socket, {@code synchronous_commit} and
 * {@code fsync} on; its output appended to {@code data/log/postgres.log}. Beside it a watchdog, a shell that reads
 * a pipe from the launcher and asks the server for a fast shutdown when the pipe ends: the launcher's JVM is gone,
 * by whatever means ({@code kill -9} included; PostgreSQL itself does not notice its parent's death).
 */
final class Postmaster {

    private static final Duration READY = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(30);

    private final PostgresBinaries binaries;
    private final Path data;
    private final Path log;
    private final Process server;
    private volatile Process watchdog;
    private volatile boolean stopping;

    private Postmaster(PostgresBinaries binaries, Path data, Path log, Process server) {
        this.binaries = binaries;
        this.data = data;
        this.log = log;
        this.server = server;
    }

    /** Starts the server on {@code port} and returns when it takes connections; throws, saying why, if it ends. */
    static Postmaster start(PostgresBinaries binaries, Path data, int port, Path log)
            throws IOException, InterruptedException {
        long logged = Files.exists(log) ? Files.size(log) : 0;
        Process server = new ProcessBuilder(binaries.detachedCommand(
                        "postgres",
                        "-D",
                        data.toString(),
                        "-c",
                        "port=" + port,
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "unix_socket_directories=",
                        "-c",
                        "synchronous_commit=on",
                        "-c",
                        "fsync=on",
                        "-c",
                        "timezone=UTC",
                        "-c",
                        "max_connections=300",
                        // crash recovery syncs the data folder first: one syncfs() instead of an fsync per file
                        "-c",
                        "recovery_init_sync_method=syncfs"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Postmaster postmaster = new Postmaster(binaries, data, log, server);
        postmaster.watch();
        server.onExit().thenRun(postmaster::endWatchdog);
        try {
            postmaster.awaitReady(logged);
        } catch (IOException | InterruptedException | RuntimeException e) {
            postmaster.stop();
            throw e;
        }
        return postmaster;
    }

    long pid() {
        return server.pid();
    }

    /** Completes when the server process has ended, for whatever reason. */
    CompletableFuture<Process> ended() {
        return server.onExit();
    }

    boolean stopping() {
        return stopping;
    }

    /** Fast shutdown (sessions ended, everything committed is on disk), then the watchdog goes. */
    void stop() {
        stopping = true;
        try {
            if (server.isAlive()) {
                binaries.run(
                        log,
                        "pg_ctl",
                        "-D",
                        data.toString(),
                        "stop",
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        Long.toString(STOP.toSeconds()));
            }
            if (!server.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                LauncherLog.warn("The embedded PostgreSQL (pid " + server.pid() + ") did not stop: killing it");
                server.destroyForcibly();
            }
        } catch (IOException e) {
            LauncherLog.error("Stopping the embedded PostgreSQL failed: " + e.getMessage(), e);
            server.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.destroyForcibly();
        } finally {
            endWatchdog();
        }
    }

    /** The watchdog, again if it ends while the server runs; it goes when the server ends. */
    private void watch() throws IOException {
        Process dog = new ProcessBuilder(PostgresBinaries.detached(List.of(
                        "/bin/sh",
                        "-c",
                        "cat >/dev/null; kill -INT \"$1\" 2>/dev/null",
                        "daz-pg-watchdog",
                        Long.toString(server.pid()))))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        watchdog = dog;
        dog.onExit().thenRun(() -> {
            if (!stopping && server.isAlive()) {
                try {
                    watch();
                } catch (IOException e) {
                    LauncherLog.error("The embedded PostgreSQL's watchdog could not start again: " + e.getMessage(), e);
                }
            }
        });
    }

    private void endWatchdog() {
        Process dog = watchdog;
        if (dog != null && dog.isAlive()) {
            dog.descendants().forEach(ProcessHandle::destroyForcibly);
            dog.destroyForcibly();
        }
    }

    private void awaitReady(long logged) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        Path pidFile = data.resolve("postmaster.pid");
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("PostgreSQL ended with exit code " + server.exitValue() + ": "
                        + PostgresOutput.lastLines(log, logged));
            }
            if (ready(pidFile)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("PostgreSQL did not take connections within " + READY.toSeconds() + " s: "
                + PostgresOutput.lastLines(log, logged));
    }

    /** postmaster.pid names this server and says "ready" (its 8th line, written when it takes connections). */
    private boolean ready(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.size() >= 8
                    && lines.get(0).trim().equals(Long.toString(server.pid()))
                    && lines.get(7).trim().equals("ready");
        } catch (IOException notYet) {
            return false;
        }
    }
}
