package daz.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The embedded PostgreSQL's password: 32 random bytes (Base64url), made at the first run and kept in one file that
 * only the bot's account can read (mode 0600, in a folder of mode 0700). Written to a temporary file first and moved
 * into place, so a crash never leaves half a password. Never printed.
 */
final class PasswordFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private final Path file;

    private PasswordFile(Path file) {
        this.file = file;
    }

    /** The password file at {@code file}, made now with a new random password if there is none. */
    static PasswordFile ensure(Path file) throws IOException {
        Path folder = file.getParent();
        Files.createDirectories(folder);
        if (!Files.getPosixFilePermissions(folder).equals(OWNER_ONLY_FOLDER)) {
            Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
        }
        if (Files.exists(file)) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                LauncherLog.warn(file + " could be read by other accounts: restricted to its owner (0600)");
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return new PasswordFile(file);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path temporary = folder.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(temporary, password + "\n", StandardCharsets.US_ASCII, StandardOpenOption.SYNC);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        return new PasswordFile(file);
    }

    Path path() {
        return file;
    }

    String read() throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
}
