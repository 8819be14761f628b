package daz.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's HikariCP pool over the PostgreSQL driver, for one database and user ({@link PoolTarget}). It starts even
 * when the database is down or the credentials are wrong: it says so once, clearly, and keeps trying in the
 * background, so the bot stays up and a fix in {@code etc/daz.sql.cfg} takes effect.
 *
 * <p>It outlives edits of {@code etc/daz.sql.cfg} that keep the database and user, so that nothing which depends on
 * it restarts (plugins keep their Database service, migrations are not run again): sizes and timeouts apply to the
 * running pools ({@link #retune}), and a new password swaps a new HikariCP pool in behind the same service
 * ({@link #relogin}) while the old one finishes the work it lent out. Callers ask {@link #dataSource()} for each
 * connection and never keep the data source.
 *
 * <p>Not a DS component itself: {@link PoolRegistration} makes it and registers it as a service with no
 * configuration properties, so the password never becomes a service property under whichever key it was written.
 */
public class ConnectionPool {

    /** Framework property the launcher sets to the embedded PostgreSQL it started, when nothing is configured. */
    public static final String EMBEDDED_URL_PROPERTY = "daz.sql.embedded.url";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    /** How long a replaced pool may keep connections it lent out before it is closed anyway. */
    private static final long RETIRE_MILLIS = 60_000;
    /** How long a close waits for the connections in use to come back. */
    static final long CLOSE_WAIT_MILLIS = 5_000;

    private static final long CLOSE_POLL_MILLIS = 10;

    /** One login: the driver's data source with the password and the HikariCP pool over it. */
    private record Login(PGSimpleDataSource driver, HikariDataSource pool, String password) {}

    private final PoolTarget target;
    private final ScheduledExecutorService checker = QuietThread.named("daz-sql-connect");
    private final List<Consumer<PoolTuning>> tuningListeners = new CopyOnWriteArrayList<>();
    /** Replaced logins whose connections are not all back yet. */
    private final Set<Login> retiring = ConcurrentHashMap.newKeySet();

    private volatile Login login;
    private volatile PoolTuning tuning;
    private volatile boolean reachable;

    ConnectionPool(PoolTarget target, PoolTuning tuning) {
        this.target = target;
        this.tuning = tuning;
        this.login = login(target.password(), tuning);
        Login first = login;
        checker.execute(() -> check(first, 1));
    }

    private Login login(String password, PoolTuning tuning) {
        PGSimpleDataSource driver = driver(target.user(), password, "daz");
        HikariConfig hikari = hikariConfig(driver, "daz-sql", tuning);
        hikari.setMaximumPoolSize(tuning.poolSize());
        hikari.setMinimumIdle(1);
        return new Login(driver, new HikariDataSource(hikari), password);
    }

    /** What every HikariCP pool of Daz has (the bot's and the plugins'); sizes and idling are each pool's own. */
    static HikariConfig hikariConfig(DataSource source, String name, PoolTuning tuning) {
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(source);
        hikari.setPoolName(name);
        hikari.setConnectionTimeout(tuning.connectionTimeoutMs());
        // PostgreSQL's default, said so that HikariCP never sets -1: it learns the default level from its first
        // connection and, when that connection breaks right then, keeps 0 against -1 and sets -1 on every new
        // connection ("Transaction isolation level -1 not supported"): a pool that never recovers (HikariCP 7.1.0)
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // start without a database: callers get clear errors until it answers
        hikari.setInitializationFailTimeout(-1);
        return hikari;
    }

    /**
     * Tries a connection of {@code tried}; on failure reports it (the first time at ERROR) and tries again with
     * backoff, for as long as {@code tried} is the current login.
     */
    private void check(Login tried, int attempt) {
        if (tried != login) {
            return;
        }
        try (Connection c = tried.pool().getConnection()) {
            if (!c.isValid(5)) {
                throw new SQLException("connection not valid");
            }
            reachable = true;
            LOG.info("Connected to PostgreSQL at {}", target.where());
        } catch (SQLException | RuntimeException e) {
            reachable = false;
            if (checker.isShutdown()) {
                // closed while it waited (an operator's stop before the database was up): nothing failed
                LOG.info("Stopped before PostgreSQL at {} answered", target.where());
                return;
            }
            long delay = Math.min(30, 1L << Math.min(attempt, 5));
            String message = "Cannot connect to PostgreSQL at " + target.where() + ": " + e.getMessage()
                    + ". Retrying in the background (next in " + delay
                    + " s); check url, user and .password in etc/daz.sql.cfg";
            if (attempt == 1) {
                LOG.error(message);
            } else {
                LOG.warn(message);
            }
            if (!checker.isShutdown()) {
                checker.schedule(() -> check(tried, attempt + 1), delay, TimeUnit.SECONDS);
            }
        }
    }

    private PGSimpleDataSource driver(String user, String password, String application) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        // the URL first: a user or password in it must not override the ones set here
        source.setURL(target.url());
        source.setUser(user);
        if (!password.isEmpty()) {
            source.setPassword(password);
        }
        source.setApplicationName(application);
        return source;
    }

    /** Whether this pool logs in where {@code other} says, whatever the password: then it can be kept. */
    boolean serves(PoolTarget other) {
        return target.sameLogin(other);
    }

    /** New sizes and timeouts, for this pool and (through the listeners) the plugins' pools; nothing restarts. */
    synchronized void retune(PoolTuning wanted) {
        PoolTuning was = tuning;
        if (wanted.equals(was)) {
            return;
        }
        tuning = wanted;
        var live = login.pool().getHikariConfigMXBean();
        live.setMaximumPoolSize(wanted.poolSize());
        live.setConnectionTimeout(wanted.connectionTimeoutMs());
        tuningListeners.forEach(listener -> listener.accept(wanted));
        LOG.info("PostgreSQL pool at {} retuned: {}", target.where(), wanted);
    }

    /**
     * A new password: a new HikariCP pool logs in with it and takes every new request; the old one closes its idle
     * connections at once and the others as they come back, and is closed when the last is back (at most
     * {@value #RETIRE_MILLIS} ms later).
     */
    synchronized void relogin(String password) {
        Login old = login;
        if (old.password().equals(password)) {
            return;
        }
        Login fresh = login(password, tuning);
        login = fresh;
        LOG.info("PostgreSQL pool at {}: logging in again with the new password", target.where());
        var oldPool = old.pool().getHikariPoolMXBean();
        if (oldPool != null) {
            oldPool.softEvictConnections();
        }
        long since = System.nanoTime();
        retiring.add(old);
        checker.execute(() -> retire(old, since));
        checker.execute(() -> check(fresh, 1));
    }

    private void retire(Login old, long since) {
        if (!inUse(old) || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since) >= RETIRE_MILLIS) {
            old.pool().close();
            retiring.remove(old);
        } else if (!checker.isShutdown()) {
            checker.schedule(() -> retire(old, since), 1, TimeUnit.SECONDS);
        }
    }

    /** Called with the new tuning after each {@link #retune}; for the plugins' pools. */
    void onRetune(Consumer<PoolTuning> listener) {
        tuningListeners.add(listener);
    }

    void removeRetuneListener(Consumer<PoolTuning> listener) {
        tuningListeners.remove(listener);
    }

    /** Unpooled connections to the same database, logged in as another role (a plugin's own). */
    DataSource loginAs(String role, String password, String application) {
        return driver(role, password, application);
    }

    /** The pool to take a connection from now; ask again for the next one (a new password swaps it). */
    public DataSource dataSource() {
        return login.pool();
    }

    /**
     * Connections outside the pool, each closed after use. For work that changes session state, such as a Flyway
     * run whose {@code SET ROLE} must not stick to a pooled connection.
     */
    public DataSource unpooledDataSource() {
        return login.driver();
    }

    /** Where the pool connects, for status lines: the URL without any password, and the user. */
    public String where() {
        return target.where();
    }

    public boolean reachable() {
        return reachable;
    }

    public long statementTimeoutMs() {
        return tuning.statementTimeoutMs();
    }

    PoolTuning tuning() {
        return tuning;
    }

    /** Active, idle and waiting connections, and the most the pool opens. */
    public String poolState() {
        var bean = login.pool().getHikariPoolMXBean();
        String most = " (at most " + tuning.poolSize() + ")";
        return bean == null
                ? "starting" + most
                : bean.getActiveConnections() + " active, " + bean.getIdleConnections() + " idle, "
                        + bean.getThreadsAwaitingConnection() + " waiting" + most;
    }

    /**
     * Closes the pools once the connections in use are back, at most {@value #CLOSE_WAIT_MILLIS} ms after the call:
     * HikariCP aborts the connections still in use when it closes, and the one who has such a connection, the journal
     * writer in the middle of a batch, say, then failed at its commit or at giving it back (HikariCP's
     * NullPointerException), an error line at every stop that found it writing. Its users have been told the pool is
     * gone first (its service is unregistered before this): they take no new connection.
     */
    void close() {
        checker.shutdownNow();
        List<Login> logins = new ArrayList<>(retiring);
        logins.add(login);
        for (Login each : logins) {
            var bean = each.pool().getHikariPoolMXBean();
            if (bean != null) {
                bean.softEvictConnections(); // the idle ones close now, the others as they come back
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        while (logins.stream().anyMatch(ConnectionPool::inUse) && System.nanoTime() < deadline) {
            // HikariCP tells no one when a connection comes back: look again shortly
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CLOSE_POLL_MILLIS));
        }
        logins.forEach(each -> each.pool().close());
    }

    private static boolean inUse(Login login) {
        var bean = login.pool().getHikariPoolMXBean();
        return bean != null && bean.getActiveConnections() > 0;
    }
}
