package daz.shell.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The shell's Unix-domain socket file, made so that only the account running the bot can open it: the socket is
 * bound inside a folder that is {@code 0700} before the bind (created with that mode, or tightened to it), so
 * nobody else can reach the socket in the moment before it is set to {@code 0600} (connecting needs write
 * permission on the socket and search permission on its folder). A socket left by a runtime that ended is removed;
 * one that still answers belongs to a live runtime and is left alone.
 */
final class SocketFile {

    static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    /** Another runtime answers on the socket: it is not taken over. */
    static final class InUseException extends IOException {
        InUseException(Path socket) {
            super("another Daz runtime answers on " + socket);
        }
    }

    private SocketFile() {}

    /** Binds a listening socket at {@code socket}, replacing a stale socket file. */
    static ServerSocketChannel bind(Path socket) throws IOException {
        privateFolder(socket.getParent());
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (answers(socket)) {
                throw new InUseException(socket);
            }
            Files.delete(socket);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, SOCKET_MODE);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static void privateFolder(Path folder) throws IOException {
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
        } catch (FileAlreadyExistsException e) {
            // made by an earlier run: checked and tightened below
        }
        PosixFileAttributes attributes =
                Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IOException(folder + " is no folder (a link or a file): remove it");
        }
        // the mode given at creation is narrowed by the umask only, never widened; a folder found wider is narrowed
        Files.setPosixFilePermissions(folder, FOLDER_MODE);
    }

    private static boolean answers(Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (ConnectException stale) {
            return false;
        } catch (IOException notASocket) {
            return false;
        }
    }
}
