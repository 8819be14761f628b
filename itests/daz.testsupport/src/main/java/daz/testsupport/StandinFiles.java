package daz.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Puts the CyTube stand-in where the tests can run it: its sources and lockfile ship in this artifact under
 * {@value #ROOT}; they are copied to a folder (by default {@code target/cytube-standin}) and installed there with
 * {@code npm ci} the first time, or again when the lockfile changed. Needs Node 20 and npm on the PATH; npm takes the
 * packages from its cache when it has them ({@code --prefer-offline}), else from the npm registry.
 */
public final class StandinFiles {

    static final String ROOT = "daz/testsupport/cytube-standin/";
    private static final long NPM_MINUTES = 5;

    private StandinFiles() {}

    /** The stand-in folder, installed; sets {@code daz.standin.dir} to it for the stand-in driver. */
    public static synchronized Path install(Path folder) {
        try {
            Path lock = folder.resolve("package-lock.json");
            byte[] before = Files.exists(lock) ? Files.readAllBytes(lock) : new byte[0];
            copyFrom(codeSource(), folder);
            boolean installed = Files.isDirectory(folder.resolve("node_modules/socket.io"));
            if (!installed || !java.util.Arrays.equals(before, Files.readAllBytes(lock))) {
                npmCi(folder);
            }
            System.setProperty("daz.standin.dir", folder.toString());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the CyTube stand-in into " + folder, e);
        }
    }

    private static Path codeSource() {
        try {
            return Path.of(StandinFiles.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot find the daz.testsupport jar on the class path", e);
        }
    }

    private static void copyFrom(Path source, Path folder) throws IOException {
        if (Files.isDirectory(source)) {
            Path root = source.resolve(ROOT);
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    write(
                            Files.newInputStream(file),
                            folder.resolve(root.relativize(file).toString()));
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(ROOT)) {
                    write(
                            jar.getInputStream(entry),
                            folder.resolve(entry.getName().substring(ROOT.length())));
                }
            }
        }
    }

    private static void write(InputStream in, Path target) throws IOException {
        try (in) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void npmCi(Path folder) throws IOException {
        Path log = folder.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline")
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!npm.waitFor(NPM_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + folder + " took over " + NPM_MINUTES + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            npm.destroyForcibly();
            throw new IllegalStateException("interrupted during npm ci in " + folder, e);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException(
                    "npm ci failed in " + folder + " (exit " + npm.exitValue() + "): see " + log);
        }
    }
}
