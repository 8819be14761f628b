package daz.launcher;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs (initdb, postgres, pg_ctl) of zonky's binaries jar on the launcher's class path, unpacked
 * once into {@code data/pg-runtime/PG-<crc>-<size>}, and the command lines that run them. (zonky's
 * {@code EmbeddedPostgres} itself is not used: it makes clusters with {@code initdb -A trust}, runs them with
 * {@code fsync} and {@code synchronous_commit} off, and starts them through {@code pg_ctl}, so that their end cannot
 * be seen.) PostgreSQL refuses to run as root: as root each program runs
 * in a user namespace of its own ({@code unshare -U}), as zonky does.
 */
final class PostgresBinaries {

    private static final String MARKER = ".exists";

    private final Path bin;
    private final List<String> prefix;

    private PostgresBinaries(Path root, List<String> prefix) {
        this.bin = root.resolve("bin");
        this.prefix = prefix;
    }

    /** The binaries under {@code runtimeDir}, unpacked first if they are not there yet. */
    static PostgresBinaries unpackedUnder(Path runtimeDir) throws IOException {
        String name = "postgres-linux-" + architecture() + ".txz";
        URL archive = PostgresBinaries.class.getClassLoader().getResource(name);
        if (archive == null) {
            throw new IOException("no PostgreSQL binaries for this machine on the class path (" + name
                    + "): the embedded PostgreSQL runs on Linux x86-64 only");
        }
        // named by the archive's checksum and size in its jar: known without reading its 14 MB
        JarEntry entry = ((JarURLConnection) archive.openConnection()).getJarEntry();
        Path root = runtimeDir.resolve(String.format("PG-%08x-%d", entry.getCrc(), entry.getSize()));
        if (!Files.exists(root.resolve(MARKER))) {
            unpack(archive, root);
        }
        return new PostgresBinaries(root, asRoot() ? List.of("unshare", "-U") : List.of());
    }

    /** The command line that runs {@code program} (initdb, postgres or pg_ctl) with {@code args}. */
    List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The same, in a session of its own: a Ctrl-C on the bot's terminal reaches the bot only, and it stops this. */
    List<String> detachedCommand(String program, String... args) {
        return detached(command(program, args));
    }

    /** {@code command} in a session of its own ({@code setsid}, where there is one). */
    static List<String> detached(List<String> command) {
        List<String> detached = new ArrayList<>(SETSID);
        detached.addAll(command);
        return detached;
    }

    /** Runs a program to its end, its output appended to {@code log}; returns its exit code. */
    int run(Path log, String program, String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(program, args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            throw e;
        }
    }

    private static final List<String> SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
            ? List.of("/usr/bin/setsid")
            : Files.isExecutable(Path.of("/bin/setsid")) ? List.of("/bin/setsid") : List.of();

    /** Unpacks into a temporary folder moved into place at the end, then removes older versions' folders. */
    private static void unpack(URL archive, Path root) throws IOException {
        LauncherLog.info("Unpacking PostgreSQL into " + root);
        Path partial = root.resolveSibling(root.getFileName() + ".partial");
        deleteTree(partial);
        deleteTree(root);
        Files.createDirectories(partial);
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive.openStream())))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                Files.createDirectories(entry.isDirectory() ? target : target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(target);
                        permissions.add(PosixFilePermission.OWNER_EXECUTE);
                        permissions.add(PosixFilePermission.GROUP_EXECUTE);
                        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(target, permissions);
                    }
                }
            }
        }
        Files.createFile(partial.resolve(MARKER));
        Files.move(partial, root, StandardCopyOption.ATOMIC_MOVE);
        try (var folders = Files.list(root.getParent())) {
            for (Path old : folders.filter(
                            f -> !f.equals(root) && f.getFileName().toString().startsWith("PG-"))
                    .toList()) {
                deleteTree(old);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static boolean asRoot() {
        try {
            // /proc/self belongs to the process's effective user
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
