package daz.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's HikariCP pool over the PostgreSQL driver, configured by PID {@code daz.sql}. It starts even when the
 * database is down or the credentials are wrong: it says so once, clearly, and keeps trying in the background, so
 * the bot stays up and a fix in {@code etc/daz.sql.cfg} takes effect (ConfigAdmin re-creates the component).
 *
 * <p>Not a DS component itself: {@link PoolRegistration} makes it and registers it as a service with no
 * configuration properties, so the password never becomes a service property under whichever key it was written.
 */
public class ConnectionPool {

    /** Framework property the launcher sets to the embedded PostgreSQL it started, when nothing is configured. */
    public static final String EMBEDDED_URL_PROPERTY = "daz.sql.embedded.url";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    private final HikariDataSource pool;
    private final PGSimpleDataSource driver;
    private final String url;
    private final String where;
    private final long statementTimeoutMs;
    private final long connectionTimeoutMs;
    private final int pluginPoolSize;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "daz-sql-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean reachable;

    public ConnectionPool(SqlConfiguration config, BundleContext context) {
        String url = config.url().isBlank() ? context.getProperty(EMBEDDED_URL_PROPERTY) : config.url();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("No database configured: set url (jdbc:postgresql://host:5432/db), user"
                    + " and .password in etc/daz.sql.cfg, or let the launcher start the embedded PostgreSQL");
        }
        this.url = url;
        this.where = masked(url) + " as " + config.user();
        this.statementTimeoutMs = config.statement_timeout_ms();
        this.connectionTimeoutMs = config.connection_timeout_ms();
        this.pluginPoolSize = Math.max(1, config.plugin_pool_size());
        String password = PoolRegistration.password(config);
        if (config.url().isBlank()) {
            // the embedded PostgreSQL's password, from the owner-only file the launcher names
            password = EmbeddedPassword.read(context.getProperty(EmbeddedPassword.FILE_PROPERTY))
                    .orElse(password);
        }
        this.driver = login(url, config.user(), password, "daz");
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(driver);
        hikari.setPoolName("daz-sql");
        hikari.setMaximumPoolSize(config.pool_size());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.connection_timeout_ms());
        // start without a database: callers get clear errors until it answers
        hikari.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(hikari);
        checker.execute(() -> check(1));
    }

    /** Tries a connection; on failure reports it (the first time at ERROR) and tries again with backoff. */
    private void check(int attempt) {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(5)) {
                throw new SQLException("connection not valid");
            }
            reachable = true;
            LOG.info("Connected to PostgreSQL at {}", where);
        } catch (SQLException | RuntimeException e) {
            reachable = false;
            long delay = Math.min(30, 1L << Math.min(attempt, 5));
            String message = "Cannot connect to PostgreSQL at " + where + ": " + e.getMessage()
                    + ". Retrying in the background (next in " + delay
                    + " s); check url, user and .password in etc/daz.sql.cfg";
            if (attempt == 1) {
                LOG.error(message);
            } else {
                LOG.warn(message);
            }
            if (!checker.isShutdown()) {
                checker.schedule(() -> check(attempt + 1), delay, TimeUnit.SECONDS);
            }
        }
    }

    private static PGSimpleDataSource login(String url, String user, String password, String application) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        // the URL first: a user or password in it must not override the ones set here
        source.setURL(url);
        source.setUser(user);
        if (!password.isEmpty()) {
            source.setPassword(password);
        }
        source.setApplicationName(application);
        return source;
    }

    /** Unpooled connections to the same database, logged in as another role (a plugin's own). */
    DataSource loginAs(String role, String password, String application) {
        return login(url, role, password, application);
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Connections outside the pool, each closed after use. For work that changes session state, such as a Flyway
     * run whose {@code SET ROLE} must not stick to a pooled connection.
     */
    public DataSource unpooledDataSource() {
        return driver;
    }

    /** Where the pool connects, for status lines: the URL without any password, and the user. */
    public String where() {
        return where;
    }

    public boolean reachable() {
        return reachable;
    }

    public long statementTimeoutMs() {
        return statementTimeoutMs;
    }

    long connectionTimeoutMs() {
        return connectionTimeoutMs;
    }

    int pluginPoolSize() {
        return pluginPoolSize;
    }

    /** Active, idle and waiting connections. */
    public String poolState() {
        var bean = pool.getHikariPoolMXBean();
        return bean == null
                ? "starting"
                : bean.getActiveConnections() + " active, " + bean.getIdleConnections() + " idle, "
                        + bean.getThreadsAwaitingConnection() + " waiting";
    }

    void close() {
        checker.shutdownNow();
        pool.close();
    }

    static String masked(String url) {
        return PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
    }
}
