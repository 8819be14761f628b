package daz.sql.logger;

import com.zaxxer.hikari.HikariDataSource;
import daz.sql.ConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Writes the journal to PostgreSQL (see {@link JournalDrain}). Immediate: it runs though no one uses it.
 *
 * <p>The pool is taken when the writer needs a connection, not when it starts: a pool that cannot be made yet (no
 * configuration so far) is one more reason to retry later, and the journal simply grows until it can.
 */
@Component(service = LogWriter.class, immediate = true, configurationPid = "daz.sql.logger")
public class LogWriter {

    private static final long STOP_MILLIS = 15_000;

    private final JournalDrain drain;
    private final PoolOnDemand pool;

    @Activate
    public LogWriter(
            LoggerConfiguration config,
            @Reference LocalJournal journal,
            @Reference ComponentServiceObjects<ConnectionPool> pools) {
        this.pool = new PoolOnDemand(pools);
        this.drain = new JournalDrain(journal.journal(), pool, JournalDrain.Settings.of(config));
        drain.start();
    }

    @Modified
    void modified(LoggerConfiguration config) {
        drain.update(JournalDrain.Settings.of(config));
    }

    @Deactivate
    void stop() {
        drain.stop(STOP_MILLIS);
        pool.release();
    }

    public DrainStatus status() {
        return drain.status();
    }

    /** The pool, got on first use and again after it was closed (reconfigured). */
    private static final class PoolOnDemand implements LogDatabase {

        private final ComponentServiceObjects<ConnectionPool> pools;
        private volatile ConnectionPool current;

        PoolOnDemand(ComponentServiceObjects<ConnectionPool> pools) {
            this.pools = pools;
        }

        @Override
        public Connection connection() throws SQLException {
            ConnectionPool pool = current;
            if (pool != null && isClosed(pool.dataSource())) {
                release();
                pool = null;
            }
            if (pool == null) {
                pool = pools.getService();
                if (pool == null) {
                    throw new SQLTransientConnectionException(
                            "no database pool yet: set url, user and password in etc/daz.sql.cfg", "08001");
                }
                current = pool;
            }
            return pool.dataSource().getConnection();
        }

        @Override
        public String where() {
            ConnectionPool pool = current;
            return pool == null ? "the database of etc/daz.sql.cfg" : pool.where();
        }

        synchronized void release() {
            ConnectionPool pool = current;
            current = null;
            if (pool != null) {
                try {
                    pools.ungetService(pool);
                } catch (IllegalArgumentException | IllegalStateException gone) {
                    // the pool's component went first
                }
            }
        }

        private static boolean isClosed(DataSource source) {
            return source instanceof HikariDataSource hikari && hikari.isClosed();
        }
    }
}
