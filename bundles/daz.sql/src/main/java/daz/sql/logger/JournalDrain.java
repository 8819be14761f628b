package daz.sql.logger;

import daz.sql.journal.Journal;
import daz.sql.journal.JournalReader;
import daz.sql.journal.JournalRecord;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 */
final class JournalDrain {

    private static final Logger LOG = LoggerFactory.getLogger(JournalDrain.class);
    private static final Pattern SECRET = Pattern.compile("(?i)(password=)[^&;\\s]*");
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "55", "57", "58", "HY");
    private static final long REPEAT_LOG_MILLIS = 60_000;
    /** A batch smaller than this waits up to LINGER_MILLIS for more records (some 500 chat lines). */
    private static final long LINGER_BYTES = 256 << 10;

    private static final long LINGER_MILLIS = 20;
    /**
     * How long the writer sleeps with nothing to write: it is woken by the journal as soon as a record is durable (or
     * by its stop), so at rest it wakes only this seldom (it asked five times a second before).
     */
    private static final long IDLE_WAIT_SECONDS = 60;
    /** undefined_table, invalid_schema_name */
    private static final Set<String> MISSING_TABLE_STATES = Set.of("42P01", "3F000");

    static final long MISSING_TABLE_GRACE_MILLIS = 60_000;

    /** How the writer batches and retries. */
    record Settings(
            int batchRecords,
            long batchBytes,
            long retryInitialMillis,
            long retryMaxMillis,
            long missingTableGraceMillis) {

        static Settings of(LoggerConfiguration config) {
            return new Settings(
                    Math.max(1, config.batch_records()),
                    Math.max(1, config.batch_bytes()),
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
    private final RowInserter inserter = new RowInserter();
    private final LogRecordCodec.Decoder decoder = new LogRecordCodec.Decoder();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Map<Long, Long> missingTableSince = new HashMap<>();
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
                        journal.awaitDurable(reader.position() + LINGER_BYTES, LINGER_MILLIS, TimeUnit.MILLISECONDS);
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
                    failed(describe(e), backoff);
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
            try (PreparedStatement p = c.prepareStatement("SELECT to_regclass('" + LogRules.SCHEMA
                            + ".journal_position') IS NOT NULL AND to_regclass('" + LogRules.SCHEMA
                            + ".log_rejects') IS NOT NULL");
                    ResultSet rs = p.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new SchemaNotReady("the tables of daz.sql are not there yet (schema " + LogRules.SCHEMA
                            + "; its migrations run when daz.sql starts with the database reachable)");
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + LogRules.SCHEMA
                    + ".journal_position (journal_id, position, directory) VALUES (?, ?, ?)"
                    + " ON CONFLICT (journal_id) DO NOTHING")) {
                p.setObject(1, journalId);
                p.setLong(2, journal.firstPosition());
                p.setString(3, journal.directory().toString());
                p.executeUpdate();
            }
            position = storedPosition(c);
            long first = journal.firstPosition();
            if (position < first) {
                LOG.warn(
                        "Journal writer: PostgreSQL has journal {} committed up to position {}, but the journal on"
                                + " disk starts at {}; the records in between are gone, writing on from {}",
                        journalId,
                        position,
                        first,
                        first);
                try (PreparedStatement p = c.prepareStatement("UPDATE " + LogRules.SCHEMA
                        + ".journal_position SET position = ?, updated_at = now() WHERE journal_id = ?")) {
                    p.setLong(1, first);
                    p.setObject(2, journalId);
                    p.executeUpdate();
                }
                position = first;
            }
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

    private long storedPosition(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT position FROM " + LogRules.SCHEMA + ".journal_position WHERE journal_id = ?")) {
            p.setObject(1, journalId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the journal position row vanished", "40001");
                }
                return rs.getLong(1);
            }
        }
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
                advance(c, from, to);
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (isTransient(e)) {
                    throw e;
                }
                LOG.warn(
                        "Journal writer: a batch of {} records at position {} failed ({}); writing them one by one to"
                                + " set the bad ones aside",
                        batch.size(),
                        from,
                        describe(e));
                tally = new RowInserter.Tally();
                refused = oneByOne(c, batch, tally);
                advance(c, from, to);
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
                reject(c, journalRecord, null, "cannot decode the journal record: " + e.getMessage());
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
                if (isTransient(e)) {
                    throw e;
                }
                c.rollback(savepoint);
                if (awaitingPluginTable(journalRecord, record, e)) {
                    throw new SQLTransientException("the table of " + record.origin() + " for journal record "
                            + journalRecord.position() + " is not there yet (its migrations may still run): "
                            + describe(e));
                }
                reject(c, journalRecord, record, describe(e));
                refused++;
            }
        }
        return refused;
    }

    /**
     * Whether a plugin's rows found no table (or schema) and deserve another try: a plugin may ask for rows as it
     * starts, while daz.sql still migrates its schema. Only for a while, so a plugin that never makes its table
     * cannot hold the journal up.
     */
    private boolean awaitingPluginTable(JournalRecord journalRecord, LogRecord record, SQLException e) {
        if (record.fromRules() || !MISSING_TABLE_STATES.contains(String.valueOf(e.getSQLState()))) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (missingTableSince.size() > 1_000) {
            missingTableSince.clear();
        }
        long since = missingTableSince.computeIfAbsent(journalRecord.position(), p -> now);
        if (now - since < settings.missingTableGraceMillis()) {
            return true;
        }
        missingTableSince.remove(journalRecord.position());
        return false;
    }

    private void reject(Connection c, JournalRecord journalRecord, LogRecord record, String error) throws SQLException {
        String origin = record == null ? "" : record.origin();
        String targets = record == null
                ? "?"
                : record.rows().stream().map(LogRow::target).distinct().collect(Collectors.joining(", "));
        LOG.error(
                "Journal writer: PostgreSQL refused journal record {} for {}{}: {}; it is kept in {}.log_rejects",
                journalRecord.position(),
                targets,
                origin.isEmpty() ? "" : " (asked for by " + origin + ")",
                error,
                LogRules.SCHEMA);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + LogRules.SCHEMA
                + ".log_rejects (journal_id, position, origin, targets, error, record) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setObject(1, journalId);
            p.setLong(2, journalRecord.position());
            p.setString(3, origin);
            p.setString(4, targets);
            p.setString(5, LogRule.clean(error));
            p.setBytes(6, journalRecord.payload());
            p.executeUpdate();
        }
    }

    private void advance(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + LogRules.SCHEMA
                + ".journal_position SET position = ?, updated_at = now() WHERE journal_id = ? AND position = ?")) {
            p.setLong(1, to);
            p.setObject(2, journalId);
            p.setLong(3, from);
            if (p.executeUpdate() != 1) {
                // a second writer on a copy of this journal: never write a record twice, re-read and carry on
                throw new SQLException(
                        "the committed position of journal " + journalId + " is no longer " + from
                                + " (another writer on a copy of this journal?)",
                        "40001");
            }
        }
    }

    private void failed(String message, long retryMillis) {
        long now = System.currentTimeMillis();
        lastError = Instant.ofEpochMilli(now) + " " + message;
        long waiting = Math.max(0, journal.appendedPosition() - Math.max(0, committed));
        if (failingSince == 0) {
            failingSince = now;
            lastFailureLogged = now;
            LOG.warn(
                    "Journal writer cannot write to PostgreSQL at {}: {}. Events wait in the journal ({} bytes);"
                            + " retrying in {} ms, then less often",
                    db.where(),
                    message,
                    waiting,
                    retryMillis);
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

    /** Whether trying again later may succeed: connection, resources, locks, serialization, shutdown. */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException
                || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null || state.length() < 2) {
            return true; // the driver's own failures without a state are I/O trouble
        }
        return TRANSIENT_CLASSES.contains(state.substring(0, 2)) || state.equals("25006");
    }

    /** The error and its causes' messages, with anything that looks like a password masked. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            text.append(" [SQLState ").append(sql.getSQLState()).append(']');
        }
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        // one log line per event: PostgreSQL's multi-line messages (Detail, Position) are joined
        return SECRET.matcher(text).replaceAll("$1***").replaceAll("\\s*\\R\\s*", "; ");
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; so is the transaction
        }
    }
}
