package daz.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL's data folder ({@code data/pg}) made ready to start, private: a new cluster is made by
 * {@code initdb -A scram-sha-256} with the superuser {@code postgres} and the password of {@link PasswordFile}; one
 * made by an earlier Daz (trust for everyone on 127.0.0.1, no password) gets the password and Daz's
 * {@code pg_hba.conf}. Whether the cluster knows the file's password is kept as a SHA-256 in the data folder, so a
 * changed or deleted password file takes effect at the next start.
 */
final class PostgresCluster {

    static final String HBA = """
            # Written by Daz: connections from this machine only, with the password in data/pg.password.
            # The server has no Unix-domain socket (unix_socket_directories is empty) and listens on 127.0.0.1.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    private static final String APPLIED = "daz-password.sha256";

    private final Path data;
    private final PasswordFile password;
    private final PostgresBinaries binaries;
    private final Path log;

    PostgresCluster(Path data, PasswordFile password, PostgresBinaries binaries, Path log) {
        this.data = data;
        this.password = password;
        this.binaries = binaries;
        this.log = log;
    }

    /** Makes a new cluster, or brings an existing one up to date. No server may run on it. */
    void prepare() throws IOException, InterruptedException {
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            create();
            return;
        }
        boolean trusting = trusts(data.resolve("pg_hba.conf"));
        String secret = password.read();
        if (!sha256(secret).equals(readApplied())) {
            setPassword(secret);
            LauncherLog.info("The embedded PostgreSQL's superuser has the password kept in " + password.path());
        }
        if (trusting) {
            LauncherLog.info("The embedded PostgreSQL let every local account in without a password (trust, made by"
                    + " an earlier Daz): pg_hba.conf now asks for the password (scram-sha-256)");
            write(data.resolve("pg_hba.conf"), HBA);
        }
        write(data.resolve(APPLIED), sha256(secret));
    }

    private void create() throws IOException, InterruptedException {
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.list(data)) {
                List<Path> left = files.filter(f -> !f.getFileName().toString().equals("epg-lock"))
                        .toList();
                if (!left.isEmpty()) {
                    throw new IOException(data + " holds files but no PostgreSQL cluster (no PG_VERSION): move it"
                            + " away and Daz makes a new one");
                }
            }
            PostgresBinaries.deleteTree(data);
        }
        Path fresh = data.resolveSibling(data.getFileName() + ".new");
        PostgresBinaries.deleteTree(fresh);
        LauncherLog.info("Creating the embedded PostgreSQL cluster in " + data);
        int exit = binaries.run(
                log,
                "initdb",
                "-D",
                fresh.toString(),
                "-U",
                "postgres",
                "-A",
                "scram-sha-256",
                "--pwfile=" + password.path(),
                "-E",
                "UTF-8");
        if (exit != 0) {
            throw new IOException("initdb failed with exit code " + exit + " (its output is in " + log + ")");
        }
        write(fresh.resolve("pg_hba.conf"), HBA);
        write(fresh.resolve(APPLIED), sha256(password.read()));
        Files.move(fresh, data, StandardCopyOption.ATOMIC_MOVE);
    }

    /** ALTER ROLE in single-user mode: no server, no connection, and the password only on the program's input. */
    private void setPassword(String secret) throws IOException, InterruptedException {
        if (secret.isEmpty() || secret.chars().anyMatch(c -> c < ' ')) {
            throw new IOException(password.path() + " holds no usable password (empty, or control characters)");
        }
        Process single = new ProcessBuilder(binaries.command(
                        "postgres",
                        "--single",
                        "-D",
                        data.toString(),
                        "-c",
                        "password_encryption=scram-sha-256",
                        "-c",
                        "log_min_error_statement=panic",
                        "postgres"))
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = single.getOutputStream()) {
            in.write(("ALTER ROLE postgres WITH LOGIN PASSWORD '" + secret.replace("'", "''") + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(single.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = single.waitFor();
        if (exit != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("setting the password failed (exit code " + exit + "): "
                    + PostgresOutput.lastLines(output.replace(secret, "***")));
        }
    }

    /** True when a line of pg_hba.conf lets someone in without a password. */
    static boolean trusts(Path hba) throws IOException {
        if (!Files.exists(hba)) {
            return false;
        }
        for (String line : Files.readAllLines(hba)) {
            String rule = line.replaceFirst("#.*", "").trim();
            if (List.of(rule.split("\\s+")).contains("trust")) {
                return true;
            }
        }
        return false;
    }

    private String readApplied() throws IOException {
        Path file = data.resolve(APPLIED);
        return Files.exists(file) ? Files.readString(file).strip() : "";
    }

    private static String sha256(String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        // as initdb makes them: for the server's account only
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
