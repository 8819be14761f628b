package daz.sql.logger;

import daz.sql.PasswordMask;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * What a failure of PostgreSQL means to the journal writer, by its SQLState: worth another try later (the database
 * away, busy, a lock or serialization conflict), a table that is not there, or a refusal for good; and how it reads
 * in one log line, with no password in it.
 */
final class SqlFailures {

    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "55", "57", "58", "HY");

    /** undefined_table, invalid_schema_name */
    private static final Set<String> MISSING_TABLE_STATES = Set.of("42P01", "3F000");

    private SqlFailures() {}

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

    /** Whether the statement found no such table or schema. */
    static boolean missingTable(SQLException e) {
        return MISSING_TABLE_STATES.contains(String.valueOf(e.getSQLState()));
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
        return PasswordMask.apply(text.toString()).replaceAll("\\s*\\R\\s*", "; ");
    }
}
