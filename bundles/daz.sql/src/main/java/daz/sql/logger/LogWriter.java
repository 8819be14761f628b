package daz.sql.logger;

import daz.sql.ConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Writes the journal to PostgreSQL (see {@link JournalDrain}), configured by PID {@value #PID}. Immediate: it runs
 * though no one uses it.
 *
 * <p>The pool is an optional, dynamic reference, looked at for each connection: no database configured yet, or one
 * being replaced, is one more reason to retry later, and the journal simply grows until it can. The drain itself
 * never restarts for the pool's sake.
 */
@Component(service = LogWriter.class, immediate = true, configurationPid = LogWriter.PID)
@Designate(ocd = WriterConfiguration.class)
public class LogWriter implements LogDatabase {

    /** Its configuration: {@code etc/daz.sql.writer.cfg}. */
    static final String PID = "daz.sql.writer";

    private static final long STOP_MILLIS = 15_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConnectionPool pool;

    private final JournalDrain drain;

    @Activate
    public LogWriter(WriterConfiguration config, @Reference LocalJournal journal) {
        this.drain = new JournalDrain(journal.journal(), this, JournalDrain.Settings.of(config));
        drain.start();
    }

    @Modified
    void modified(WriterConfiguration config) {
        drain.update(JournalDrain.Settings.of(config));
    }

    @Deactivate
    void stop() {
        drain.stop(STOP_MILLIS);
    }

    public DrainStatus status() {
        return drain.status();
    }

    @Override
    public Connection connection() throws SQLException {
        ConnectionPool current = pool;
        if (current == null) {
            throw new SQLTransientConnectionException(
                    "no database pool yet (the embedded PostgreSQL is starting, or the server set in etc/daz.sql.cfg is"
                            + " not reachable)",
                    "08001");
        }
        return current.dataSource().getConnection();
    }

    @Override
    public String where() {
        ConnectionPool current = pool;
        return current == null ? "the database of etc/daz.sql.cfg" : current.where();
    }
}
