package daz.sql.logger;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Where the journal is written: connections to PostgreSQL, and how to name it in log lines (never a password). */
interface LogDatabase {

    Connection connection() throws SQLException;

    String where();

    static LogDatabase of(DataSource source, String where) {
        return new LogDatabase() {
            @Override
            public Connection connection() throws SQLException {
                return source.getConnection();
            }

            @Override
            public String where() {
                return where;
            }
        };
    }
}
