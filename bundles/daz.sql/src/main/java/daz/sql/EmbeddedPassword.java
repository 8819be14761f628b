package daz.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of the embedded PostgreSQL the launcher started: it hands daz.sql the path of the file that holds it
 * (framework property {@value #FILE_PROPERTY}), never the password itself, so that the password is in no framework
 * or service property; it is read when the pool is built.
 */
final class EmbeddedPassword {

    /** Framework property the launcher sets beside {@link ConnectionPool#EMBEDDED_URL_PROPERTY}. */
    static final String FILE_PROPERTY = "daz.sql.embedded.passwordFile";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPassword.class);

    private EmbeddedPassword() {}

    /** The password in {@code file} (the property's value, may be null); empty, with a clear log line, if unreadable. */
    static Optional<String> read(String file) {
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        try {
            String password =
                    Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                LOG.error("The embedded PostgreSQL's password file {} is empty", file);
                return Optional.empty();
            }
            return Optional.of(password);
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read the embedded PostgreSQL's password file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
