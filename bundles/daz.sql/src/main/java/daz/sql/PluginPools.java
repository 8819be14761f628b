package daz.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A small pool per plugin role, logged in as that role. Its password is made here, at random, the first time the
 * role's pool is opened, and set on the role as a SCRAM verifier computed by the driver (the plain password never
 * travels in SQL text, so no server log can show it); it lives in this object only. A restart of daz.sql makes new
 * ones. The pools share one housekeeping thread. New sizes and timeouts of {@code etc/daz.sql.cfg} apply to the open
 * pools as they are (see {@link ConnectionPool#retune}).
 */
final class PluginPools implements AutoCloseable {

    private static final long IDLE_TIMEOUT_MS = 60_000;

    private final ConnectionPool bot;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "daz-sql-plugin-pools");
        t.setDaemon(true);
        return t;
    });

    private final Consumer<PoolTuning> retune = this::retune;

    PluginPools(ConnectionPool bot) {
        this.bot = bot;
        bot.onRetune(retune);
    }

    private void retune(PoolTuning tuning) {
        for (HikariDataSource pool : pools.values()) {
            var live = pool.getHikariConfigMXBean();
            live.setMaximumPoolSize(tuning.pluginPoolSize());
            live.setConnectionTimeout(tuning.connectionTimeoutMs());
        }
    }

    /**
     * The pool of {@code role}, opened on first use: the role gets a new password, set through {@code admin} (a
     * connection of the bot's user, which may alter the role).
     */
    synchronized DataSource open(Connection admin, String role, String plugin) throws SQLException {
        HikariDataSource pool = pools.get(role);
        if (pool != null) {
            return pool;
        }
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
        PoolTuning tuning = bot.tuning();
        HikariConfig hikari =
                ConnectionPool.hikariConfig(bot.loginAs(role, password, "daz " + plugin), "daz-sql-" + role, tuning);
        hikari.setMaximumPoolSize(tuning.pluginPoolSize());
        hikari.setMinimumIdle(0);
        hikari.setIdleTimeout(IDLE_TIMEOUT_MS);
        hikari.setScheduledExecutor(housekeeping);
        pool = new HikariDataSource(hikari);
        pools.put(role, pool);
        return pool;
    }

    /** Connections outside the pool, logged in as the role of an open pool (for Flyway runs). */
    DataSource unpooled(String role) {
        HikariDataSource pool = pools.get(role);
        if (pool == null) {
            throw new IllegalStateException("no pool open for " + role);
        }
        return pool.getDataSource();
    }

    @Override
    public synchronized void close() {
        bot.removeRetuneListener(retune);
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
        housekeeping.shutdownNow();
    }
}
