package daz.sql;

import java.util.Optional;
import org.osgi.framework.BundleContext;

/**
 * Which database the bot's pool logs in to, and as whom: the {@code url} and {@code user} of {@code etc/daz.sql.cfg},
 * or the embedded PostgreSQL the launcher started when no url is configured. A change of database or user makes a new
 * pool (every schema must be prepared there); a change of password alone does not (see {@link ConnectionPool}).
 */
record PoolTarget(String url, String user, String password) {

    /** The target the configuration names; empty when it names no url and no embedded PostgreSQL runs. */
    static Optional<PoolTarget> of(SqlConfiguration config, BundleContext context) {
        String configured = config.url().isBlank() ? null : config.url();
        String url = configured != null ? configured : context.getProperty(ConnectionPool.EMBEDDED_URL_PROPERTY);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String password = config._password().isEmpty() ? config.password() : config._password();
        if (configured == null) {
            // the embedded PostgreSQL's password, from the owner-only file the launcher names
            password = EmbeddedPassword.read(context.getProperty(EmbeddedPassword.FILE_PROPERTY))
                    .orElse(password);
        }
        return Optional.of(new PoolTarget(url, config.user(), password));
    }

    /** Whether {@code other} is the same database and user, whatever the password. */
    boolean sameLogin(PoolTarget other) {
        return url.equals(other.url) && user.equals(other.user);
    }

    /** For status and log lines: the URL with any password masked, and the user. */
    String where() {
        return PasswordMask.apply(url) + " as " + user;
    }

    /** Never the password: records print their components. */
    @Override
    public String toString() {
        return where();
    }
}
