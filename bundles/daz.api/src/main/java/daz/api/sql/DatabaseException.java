package daz.api.sql;

/**
 * A statement of a plugin failed: PostgreSQL's error (with its SQLSTATE where there is one), a database that
 * cannot be reached, a timeout, or a schema whose migrations failed. The message never contains credentials.
 */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * SQLSTATE of a statement refused at once because the caller's schema is not migrated yet (its migrations are
     * running, or waiting for the database): PostgreSQL's "object not in prerequisite state". Worth a retry soon.
     */
    public static final String NOT_READY = "55000";

    private final String sqlState;

    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public DatabaseException(String message) {
        this(message, null, null);
    }

    /** Whether the statement was refused because the caller's schema is not migrated yet ({@link #NOT_READY}). */
    public boolean notReady() {
        return NOT_READY.equals(sqlState);
    }

    /** PostgreSQL's SQLSTATE code (e.g. {@code 42501} for a denied privilege), or null when there is none. */
    public String sqlState() {
        return sqlState;
    }
}
