package daz.sql.logger;

import daz.sql.journal.Journal;
import daz.sql.journal.JournalReader;
import daz.sql.journal.JournalRecord;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the journal into PostgreSQL on its own thread: reads a bounded batch of durable records, writes their rows
 * and moves the journal's committed position in {@code daz_sql.journal_position} in the same transaction, so each
 * record is written exactly once however often the writer stops, fails or restarts. After any failure the committed
 * position is read back from PostgreSQL (a commit whose answer was lost may have happened or not).
 *
 * <p>PostgreSQL unreachable or slow: the journal grows, the writer retries with a doubling wait and says so in the
 * log (where, error, how much waits), and says so again when it recovers. A record PostgreSQL refuses for good (a
 * value that does not fit its column, a plugin's table that does not exist) is kept in {@code daz_sql.log_rejects}
 * with the error, and the rest carry on.
 *
 * <p>The loop and the transactions are here; the position row is {@link CommittedPosition}, the refused records
 * {@link RejectQuarantine}, what an SQLState means {@link SqlFailures}.
 */
final class JournalDrain {

    private static final Logger LOG = LoggerFactory.getLogger(JournalDrain.class);
    private static final long REPEAT_LOG_MILLIS = 60_000;
    /** A batch smaller than this waits up to the configured linger for more records (some 500 chat lines). */
    private static final long LINGER_BYTES = 256 << 10;
    /**
     * How long the writer sleeps with nothing to write: it is woken by the journal as soon as a record is durable (or
     * by its stop), so at rest it wakes only this seldom (it asked five times a second before).
     */
    private static final long IDLE_WAIT_SECONDS = 60;

    static final long MISSING_TABLE_GRACE_MILLIS = 60_000;

    /** How the writer batches and retries. */
    record Settings(
            int batchRecords,
            long batchBytes,
            long lingerMillis,
            long retryInitialMillis,
            long retryMaxMillis,
            long missingTableGraceMillis) {

        static Settings of(WriterConfiguration config) {
            return new Settings(
                    Math.max(1, config.batch_records()),
                    Math.max(1, config.batch_bytes()),
                    Math.max(0, config.linger_ms()),
                    Math.max(1, config.retry_initial_ms()),
                    Math.max(config.retry_initial_ms(), config.retry_max_ms()),
                    MISSING_TABLE_GRACE_MILLIS);
        }
    }

    /** The daz_sql tables are not there yet. */
    private static final class SchemaNotReady extends Exception {
        private static final long serialVersionUID = 1L;

        SchemaNotReady(String message) {
            super(message);
        }
    }

    private final Journal journal;
    private final LogDatabase db;
    private final UUID journalId;
    private final CommittedPosition positions;
    private final RejectQuarantine rejects;
    private final RowInserter inserter = new RowInserter();
    private final LogRecordCodec.Decoder decoder = new LogRecordCodec.Decoder();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private volatile Settings settings;

    private volatile DrainStatus.State state = DrainStatus.State.STARTING;
    private volatile long committed = -1;
    private volatile long recordsCommitted;
    private volatile long batches;
    private volatile long rejected;
    private final Map<String, DrainStatus.Rows> rows = new ConcurrentHashMap<>();
    private volatile String lastError;
    private volatile long failingSince;
    private long lastFailureLogged;

    JournalDrain(Journal journal, LogDatabase db, Settings settings) {
        this.journal = journal;
        this.db = db;
        this.settings = settings;
        this.journalId = UUID.fromString(journal.id());
        this.positions = new CommittedPosition(journalId);
        this.rejects = new RejectQuarantine(journalId);
        this.thread = new Thread(this::run, "daz-sql-journal-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void update(Settings newSettings) {
        settings = newSettings;
    }

    /** Stops the thread after the transaction in flight, waiting at most {@code millis}. */
    void stop(long millis) {
        stopping.countDown();
        thread.interrupt();
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Journal writer did not stop within {} ms; it ends with its current database call", millis);
        }
    }

    DrainStatus status() {
        return new DrainStatus(
                state,
                committed,
                recordsCommitted,
                batches,
                new TreeMap<>(rows),
                rejected,
                Optional.ofNullable(lastError),
                failingSince);
    }

    private void run() {
        JournalReader reader = null;
        long position = -1;
        long backoff = settings.retryInitialMillis();
        try {
            while (stopping.getCount() > 0) {
                try {
                    if (position < 0) {
                        position = attach();
                        if (reader != null) {
                            reader.close();
                        }
                        reader = journal.reader(position);
                        committed = position;
                        state = DrainStatus.State.RUNNING;
                        recovered();
                        journal.release(position);
                    }
                    long limit = journal.durablePosition();
                    if (reader.position() >= limit) {
                        journal.awaitDurable(reader.position(), IDLE_WAIT_SECONDS, TimeUnit.SECONDS);
                        continue;
                    }
                    if (limit - reader.position() < LINGER_BYTES) {
                        // a little more to write: wait a moment for more, as every transaction costs a WAL flush
                        journal.awaitDurable(
                                reader.position() + LINGER_BYTES, settings.lingerMillis(), TimeUnit.MILLISECONDS);
                        limit = journal.durablePosition();
                    }
                    Settings current = settings;
                    List<JournalRecord> batch = reader.read(limit, current.batchRecords(), current.batchBytes());
                    long end = reader.position();
                    commit(position, end, batch);
                    position = end;
                    committed = end;
                    recovered();
                    backoff = settings.retryInitialMillis();
                    journal.release(end);
                    continue;
                } catch (InterruptedException e) {
                    break;
                } catch (SchemaNotReady e) {
                    state = DrainStatus.State.WAITING_FOR_SCHEMA;
                    failed(e.getMessage(), backoff);
                } catch (SQLException e) {
                    state = DrainStatus.State.RETRYING;
                    failed(SqlFailures.describe(e), backoff);
                } catch (IOException | RuntimeException e) {
                    state = DrainStatus.State.RETRYING;
                    LOG.error("Journal writer failed on journal {}: {}", journal.directory(), e.toString(), e);
                    failed(e.toString(), backoff);
                }
                position = -1; // whatever happened to the last commit, PostgreSQL knows: read it back
                try {
                    if (stopping.await(backoff, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    break;
                }
                backoff = Math.min(backoff * 2, settings.retryMaxMillis());
            }
        } finally {
            state = DrainStatus.State.STOPPED;
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    /** Reads (or creates) this journal's committed position in PostgreSQL and squares it with the journal. */
    private long attach() throws SQLException, SchemaNotReady, IOException {
        long position;
        try (Connection c = db.connection()) {
            c.setAutoCommit(true);
            inserter.reset();
            if (!CommittedPosition.tablesExist(c)) {
                throw new SchemaNotReady("the tables of daz.sql are not there yet (schema " + LogRules.SCHEMA
                        + "; its migrations run when daz.sql starts with the database reachable)");
            }
            position = positions.read(
                    c, journal.firstPosition(), journal.directory().toString());
        }
        if (position > journal.appendedPosition()) {
            LOG.error(
                    "Journal writer: PostgreSQL has journal {} committed up to position {}, beyond its end {} on"
                            + " disk (the disk lost records it had confirmed); new records go after {}",
                    journalId,
                    position,
                    journal.appendedPosition(),
                    position);
            journal.advanceTo(position);
        }
        if (batches == 0 && state == DrainStatus.State.STARTING) {
            LOG.info(
                    "Journal writer: journal {} ({}) goes to PostgreSQL at {} from position {}; {} bytes wait",
                    journal.directory(),
                    journalId,
                    db.where(),
                    position,
                    Math.max(0, journal.appendedPosition() - position));
        }
        return position;
    }

    /** Writes a batch and moves the committed position from {@code from} to {@code to}, in one transaction. */
    private void commit(long from, long to, List<JournalRecord> batch) throws SQLException {
        List<LogRecord> records = new ArrayList<>(batch.size());
        boolean undecodable = false;
        for (JournalRecord record : batch) {
            try {
                records.add(decoder.decode(record.payload()));
            } catch (IllegalArgumentException e) {
                undecodable = true;
            }
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            RowInserter.Tally tally = new RowInserter.Tally();
            int refused = 0;
            try {
                if (undecodable) {
                    throw new SQLException("a journal record cannot be decoded", "22000");
                }
                inserter.insert(c, records, tally);
                positions.advance(c, from, to);
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (SqlFailures.isTransient(e)) {
                    throw e;
                }
                LOG.warn(
                        "Journal writer: a batch of {} records at position {} failed ({}); writing them one by one to"
                                + " set the bad ones aside",
                        batch.size(),
                        from,
                        SqlFailures.describe(e));
                tally = new RowInserter.Tally();
                refused = oneByOne(c, batch, tally);
                positions.advance(c, from, to);
                c.commit();
            }
            recordsCommitted += batch.size();
            batches++;
            rejected += refused;
            tally.byTarget.forEach((target, counts) -> rows.merge(
                    target,
                    new DrainStatus.Rows(counts[0], counts[1]),
                    (a, b) -> new DrainStatus.Rows(a.given() + b.given(), a.inserted() + b.inserted())));
        }
    }

    /** Each record in a savepoint of its own; the ones PostgreSQL refuses go to log_rejects. Returns how many. */
    private int oneByOne(Connection c, List<JournalRecord> batch, RowInserter.Tally tally) throws SQLException {
        int refused = 0;
        for (JournalRecord journalRecord : batch) {
            LogRecord record;
            try {
                record = decoder.decode(journalRecord.payload());
            } catch (IllegalArgumentException e) {
                rejects.keep(c, journalRecord, null, "cannot decode the journal record: " + e.getMessage());
                refused++;
                continue;
            }
            Savepoint savepoint = c.setSavepoint();
            RowInserter.Tally mine = new RowInserter.Tally();
            try {
                inserter.insertOne(c, record, mine);
                c.releaseSavepoint(savepoint);
                mine.byTarget.forEach((target, counts) -> tally.add(target, counts[0], counts[1]));
            } catch (SQLException e) {
                if (SqlFailures.isTransient(e)) {
                    throw e;
                }
                c.rollback(savepoint);
                if (rejects.awaitingPluginTable(journalRecord, record, e, settings.missingTableGraceMillis())) {
                    throw new SQLTransientException("the table of " + record.origin() + " for journal record "
                            + journalRecord.position() + " is not there yet (its migrations may still run): "
                            + SqlFailures.describe(e));
                }
                rejects.keep(c, journalRecord, record, SqlFailures.describe(e));
                refused++;
            }
        }
        return refused;
    }

    private void failed(String message, long retryMillis) {
        long now = System.currentTimeMillis();
        lastError = Instant.ofEpochMilli(now) + " " + message;
        long waiting = Math.max(0, journal.appendedPosition() - Math.max(0, committed));
        if (failingSince == 0) {
            failingSince = now;
            lastFailureLogged = now;
            String line = "Journal writer cannot write to PostgreSQL at {}: {}. Events wait in the journal ({} bytes);"
                    + " retrying in {} ms, then less often";
            if (committed < 0) {
                // not attached yet in this run: at most starts only the pool is not registered yet, and how much waits
                // is known once PostgreSQL answers; a failure that lasts is warned of after REPEAT_LOG_MILLIS
                LOG.info(
                        "Journal writer cannot write to PostgreSQL at {} yet: {}. Events wait in the journal until it"
                                + " can; retrying in {} ms, then less often",
                        db.where(),
                        message,
                        retryMillis);
            } else if (waiting == 0) {
                // nothing waits (as at a first start, before the database is up): no line is at risk
                LOG.info(line, db.where(), message, waiting, retryMillis);
            } else {
                LOG.warn(line, db.where(), message, waiting, retryMillis);
            }
        } else if (now - lastFailureLogged >= REPEAT_LOG_MILLIS) {
            lastFailureLogged = now;
            LOG.warn(
                    "Journal writer still cannot write to PostgreSQL at {} after {} s: {}. {} bytes wait in the"
                            + " journal; next attempt in {} ms",
                    db.where(),
                    (now - failingSince) / 1000,
                    message,
                    waiting,
                    retryMillis);
        }
    }

    private void recovered() {
        if (failingSince != 0) {
            LOG.info(
                    "Journal writer: PostgreSQL at {} works again after {} s; writing the {} bytes that waited",
                    db.where(),
                    (System.currentTimeMillis() - failingSince) / 1000,
                    Math.max(0, journal.appendedPosition() - committed));
            failingSince = 0;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; so is the transaction
        }
    }
}
