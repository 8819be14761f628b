package daz.sql.logger;

import daz.api.sql.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes the rows of journal records inside the caller's transaction. Rows of one table with the same columns go
 * together: many of them by COPY into a session temp table and one {@code INSERT ... SELECT ... ON CONFLICT DO
 * NOTHING}, a few by one multi-row {@code INSERT ... ON CONFLICT DO NOTHING}. Values travel as text and PostgreSQL
 * reads them into the columns' types. Rows a plugin asked for are written under its role ({@code SET LOCAL ROLE}),
 * so PostgreSQL keeps them in its schema. For one thread.
 */
final class RowInserter {

    /** Below this many rows a multi-row INSERT is cheaper than a COPY round trip. */
    static final int COPY_FROM_ROWS = 16;

    private static final int MAX_PARAMETERS = 30_000;

    /** Rows given and rows inserted per {@code schema.table} (the difference were duplicates). */
    static final class Tally {
        final Map<String, long[]> byTarget = new LinkedHashMap<>();

        void add(String target, long rows, long inserted) {
            long[] counts = byTarget.computeIfAbsent(target, t -> new long[2]);
            counts[0] += rows;
            counts[1] += inserted;
        }
    }

    private record Group(String role, String schema, String table, List<String> columns) {
        String target() {
            return schema + "." + table;
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private static final String UNIQUE_VIOLATION = "23505";

    /** Batches a group goes through the temp table after its direct COPY met rows that were there already. */
    static final int CAREFUL_BATCHES = 20;

    private static final int COPY_CHUNK_BYTES = 256 << 10;
    private static final int MAX_KEPT_BUFFER = 4 << 20;
    /**
     * The COPY buffer's first size: a drain that keeps up with the chat copies a few rows at a time, and the buffer
     * stays in the old generation (resident) for as long as the bot runs; a backlog doubles it up to a chunk.
     */
    private static final int FIRST_BUFFER = 16 << 10;

    /** The role of each plugin schema met so far ("" for none). */
    private final Map<String, String> roles = new HashMap<>();

    private CopyText text = new CopyText(FIRST_BUFFER);
    private final Map<String, Integer> carefulBatches = new HashMap<>();

    /** Forgets what it learnt of the database (after a reconnect: roles may have come or gone). */
    void reset() {
        roles.clear();
        carefulBatches.clear();
    }

    /** Writes the rows of all records, grouped; COPY where a group is large. */
    void insert(Connection c, List<LogRecord> records, Tally tally) throws SQLException {
        Map<Group, List<List<String>>> groups = new LinkedHashMap<>();
        Group last = null;
        List<List<String>> lastRows = null;
        for (LogRecord record : records) {
            String role = roleOf(c, record);
            for (LogRow row : record.rows()) {
                // consecutive rows mostly share their group, and the decoder shares their names: compare by identity
                if (last == null
                        || last.role() != role
                        || last.schema() != row.schema()
                        || last.table() != row.table()
                        || last.columns() != row.columns()) {
                    last = new Group(role, row.schema(), row.table(), row.columns());
                    lastRows = groups.computeIfAbsent(last, g -> new ArrayList<>());
                }
                lastRows.add(row.values());
            }
        }
        for (Map.Entry<Group, List<List<String>>> group : groups.entrySet()) {
            write(c, group.getKey(), group.getValue(), tally, true);
        }
    }

    /** Writes the rows of one record by INSERT only (to find which record of a failed batch is at fault). */
    void insertOne(Connection c, LogRecord record, Tally tally) throws SQLException {
        String role = roleOf(c, record);
        Map<Group, List<List<String>>> groups = new LinkedHashMap<>();
        for (LogRow row : record.rows()) {
            groups.computeIfAbsent(new Group(role, row.schema(), row.table(), row.columns()), g -> new ArrayList<>())
                    .add(row.values());
        }
        for (Map.Entry<Group, List<List<String>>> group : groups.entrySet()) {
            write(c, group.getKey(), group.getValue(), tally, false);
        }
    }

    private void write(Connection c, Group group, List<List<String>> rows, Tally tally, boolean mayCopy)
            throws SQLException {
        checkNames(group);
        if (group.role() != null) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL ROLE " + quote(group.role()));
            }
        }
        long inserted = group.role() == null && mayCopy && rows.size() >= COPY_FROM_ROWS
                ? copy(c, group, rows)
                : insertValues(c, group, rows);
        if (group.role() != null) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL ROLE NONE");
            }
        }
        tally.add(group.target(), rows.size(), inserted);
    }

    /**
     * Most batches hold only new rows, and COPY straight into the table is as fast as PostgreSQL takes rows: try
     * that in a savepoint. Rows already there make it fail on the unique key; then, and for the next few batches of
     * that group (a replayed backlog comes in runs), COPY into a session temp table and insert what is new.
     */
    private long copy(Connection c, Group group, List<List<String>> rows) throws SQLException {
        String columns = columnList(group.columns());
        String key = group.target() + group.columns();
        Integer careful = carefulBatches.get(key);
        if (careful == null) {
            Savepoint savepoint = c.setSavepoint();
            try {
                long copied = copyRows(c, table(group) + " (" + columns + ")", group, rows);
                c.releaseSavepoint(savepoint);
                return copied;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(savepoint);
                carefulBatches.put(key, CAREFUL_BATCHES);
            }
        } else if (careful <= 1) {
            carefulBatches.remove(key);
        } else {
            carefulBatches.put(key, careful - 1);
        }
        String temp = quote(tempTable(group));
        try (Statement s = c.createStatement()) {
            // per session, emptied by every commit; created from the target so the values are checked on the way in
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + temp + " ON COMMIT DELETE ROWS AS SELECT " + columns
                    + " FROM " + table(group) + " WITH NO DATA");
        }
        copyRows(c, temp, group, rows);
        try (Statement s = c.createStatement()) {
            long inserted = s.executeLargeUpdate("INSERT INTO " + table(group) + " (" + columns + ") SELECT " + columns
                    + " FROM " + temp + " ON CONFLICT DO NOTHING");
            s.execute("TRUNCATE " + temp); // a second batch in this transaction must not insert these again
            return inserted;
        }
    }

    private long copyRows(Connection c, String into, Group group, List<List<String>> rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + into + " FROM STDIN");
        try {
            text.clear();
            for (List<String> row : rows) {
                text.row(row);
                if (text.size() >= COPY_CHUNK_BYTES) {
                    copy.writeToCopy(text.buffer(), 0, text.size());
                    text.clear();
                }
            }
            copy.writeToCopy(text.buffer(), 0, text.size());
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
            if (text.buffer().length > MAX_KEPT_BUFFER) {
                text = new CopyText(FIRST_BUFFER);
            }
        }
    }

    private static long insertValues(Connection c, Group group, List<List<String>> rows) throws SQLException {
        int width = group.columns().size();
        int perStatement = Math.max(1, MAX_PARAMETERS / width);
        long inserted = 0;
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<List<String>> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            String placeholders = "(" + "?,".repeat(width - 1) + "?)";
            StringBuilder sql = new StringBuilder("INSERT INTO ")
                    .append(table(group))
                    .append(" (")
                    .append(columnList(group.columns()))
                    .append(") VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ",").append(placeholders);
            }
            sql.append(" ON CONFLICT DO NOTHING");
            try (PreparedStatement insert = c.prepareStatement(sql.toString())) {
                int parameter = 1;
                for (List<String> row : chunk) {
                    for (String value : row) {
                        // type unknown to the driver: PostgreSQL reads the text as the column's type, like COPY
                        insert.setObject(parameter++, value, Types.OTHER);
                    }
                }
                inserted += insert.executeLargeUpdate();
            }
        }
        return inserted;
    }

    /**
     * The role rows of a plugin are written under: the owner of its schema when that is a role the bot may act as
     * (the plugin's own, see {@code PluginRoles}), else none.
     */
    private String roleOf(Connection c, LogRecord record) throws SQLException {
        if (record.fromRules()) {
            return null;
        }
        String schema = Migrations.schemaOf(record.origin());
        String role = roles.get(schema);
        if (role == null) {
            try (PreparedStatement p = c.prepareStatement("SELECT r.rolname FROM pg_namespace n JOIN pg_roles r"
                    + " ON r.oid = n.nspowner WHERE n.nspname = ? AND r.rolname <> current_user"
                    + " AND pg_has_role(current_user, r.oid, 'MEMBER')")) {
                p.setString(1, schema);
                try (ResultSet rs = p.executeQuery()) {
                    role = rs.next() ? rs.getString(1) : "";
                }
            }
            roles.put(schema, role);
        }
        return role.isEmpty() ? null : role;
    }

    private static String tempTable(Group group) {
        String name = "daz_in_" + group.table();
        String hash = Integer.toHexString((group.schema() + "." + group.table() + group.columns()).hashCode());
        return name.substring(0, Math.min(name.length(), 50)) + "_" + hash;
    }

    private static String table(Group group) {
        return quote(group.schema()) + "." + quote(group.table());
    }

    private static String columnList(List<String> columns) {
        return columns.stream().map(RowInserter::quote).collect(Collectors.joining(", "));
    }

    /** Names were checked when the row was made; checked again, as they go into SQL text. */
    private static void checkNames(Group group) throws SQLException {
        List<String> names = new ArrayList<>(group.columns());
        names.add(group.schema());
        names.add(group.table());
        if (group.role() != null) {
            names.add(group.role());
        }
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new SQLException("not a valid name: " + name, "42602");
            }
        }
    }

    /** Identifiers were checked to be letters, digits and underscores when the row was made. */
    static String quote(String identifier) {
        return '"' + identifier + '"';
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException ignored) {
            // the transaction is rolled back anyway
        }
    }
}
