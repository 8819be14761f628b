package daz.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.core.Utils;
import org.postgresql.util.PasswordUtil;

/**
 * A small pool per plugin role, logged in as that role. Its password is made here, at random, the first time the
 * role's pool is opened, and set on the role as a SCRAM verifier computed by the driver (the plain password never
 * travels in SQL text, so no server log can show it); it lives in this object only. A restart of daz.sql makes new
 * ones. The verifier's key derivation is {@value #SCRAM_ITERATIONS} rounds, not the driver's 4096: the rounds slow
 * down guessing a person's password from a stolen verifier, and a random 192-bit one cannot be guessed at any count,
 * while each round is paid by this start (once per role, for the verifier) and by every login of the role's pool; 4096
 * rounds of HMAC-SHA-256 in code the JIT has not compiled yet cost tens of milliseconds per role, on the start's busy
 * cores, daz.core's read of its reconnect state waiting for its pool. The pools share one housekeeping thread. New
 * sizes and timeouts of {@code etc/daz.sql.cfg} apply to the open pools as they are (see {@link
 * ConnectionPool#retune}).
 */
final class PluginPools implements AutoCloseable {

    private static final long IDLE_TIMEOUT_MS = 60_000;

    /** Key-derivation rounds of a role's SCRAM verifier (PostgreSQL takes any count from 1). */
    static final int SCRAM_ITERATIONS = 16;

    private static final int SCRAM_SALT_BYTES = 16;

    private final ConnectionPool bot;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping = QuietThread.named("daz-sql-plugin-pools");

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
        setPassword(admin, role, password);
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

    /** Sets {@code password} on {@code role} as a SCRAM-SHA-256 verifier of {@link #SCRAM_ITERATIONS} rounds. */
    private void setPassword(Connection admin, String role, String password) throws SQLException {
        byte[] salt = new byte[SCRAM_SALT_BYTES];
        random.nextBytes(salt);
        char[] chars = password.toCharArray();
        String verifier = PasswordUtil.encodeScramSha256(chars, SCRAM_ITERATIONS, salt);
        Arrays.fill(chars, '\0');
        String sql = Utils.escapeIdentifier(new StringBuilder("ALTER USER "), role)
                .append(" PASSWORD '")
                .append(verifier)
                .append('\'')
                .toString();
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        }
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
