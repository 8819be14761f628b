package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    private final List<Object> written = new CopyOnWriteArrayList<>();

    private final Database database = new WriteOnlyDatabase((sql, parameters) -> written.add(parameters[5])); // args

    private static AuditEntry row(String args) {
        return new AuditEntry(1_000L, "lobby", "alice", "pm", "help", args, "ok", 3);
    }

    @Test
    void closingWritesEveryRowStillWaitingOnceTwoEqualRowsTwice() {
        AuditLog audit = new AuditLog(() -> Optional.of(database));
        audit.record(row("a"));
        audit.record(row("b"));
        audit.record(row("b"));
        audit.close();
        assertThat(written).containsExactlyInAnyOrder("a", "b", "b");
        assertThat(audit.written()).isEqualTo(3);
        assertThat(audit.dropped()).isZero();
    }

    @Test
    void aRowRecordedAfterClosingIsDroppedAndCounted() {
        AuditLog audit = new AuditLog(() -> Optional.of(database));
        audit.close();
        audit.record(row("late"));
        assertThat(written).isEmpty();
        assertThat(audit.dropped()).isEqualTo(1);
    }

    @Test
    void aRowWhoseSchemaIsNotReadyWhenClosingIsDroppedAndCounted() {
        Database migrating = new Database() {
            @Override
            public String schema() {
                return database.schema();
            }

            @Override
            public List<Map<String, Object>> query(String sql, Object... parameters) {
                return List.of();
            }

            @Override
            public long execute(String sql, Object... parameters) {
                throw new DatabaseException("not ready yet", DatabaseException.NOT_READY, null);
            }
        };
        AuditLog audit = new AuditLog(() -> Optional.of(migrating));
        audit.record(row("a"));
        audit.close();
        assertThat(audit.written()).isZero();
        assertThat(audit.dropped()).isEqualTo(1);
    }
}
