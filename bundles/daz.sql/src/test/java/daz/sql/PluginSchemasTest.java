package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class PluginSchemasTest {

    @Test
    void aDatabaseThatCannotBeReachedIsRetriedNotFailed() {
        assertThat(PluginSchemas.unreachable(new SQLException("refused", "08001")))
                .isTrue();
        assertThat(PluginSchemas.unreachable(new SQLTransientConnectionException("pool timeout")))
                .isTrue();
        assertThat(PluginSchemas.unreachable(new RuntimeException("flyway", new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void aBrokenMigrationIsAFailureOfThePlugin() {
        assertThat(PluginSchemas.unreachable(new SQLException("syntax error", "42601")))
                .isFalse();
        assertThat(PluginSchemas.unreachable(new RuntimeException("Failed to execute script V1__broken.sql")))
                .isFalse();
    }
}
