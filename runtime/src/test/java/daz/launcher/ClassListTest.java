package daz.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClassListTest {

    @Test
    void flywayIsLeftOutOfTheArchiveAndTheBotsClassesAreNot() {
        assertThat(ClassList.archived("org.flywaydb.core.Flyway")).isFalse();
        assertThat(ClassList.archived("org.flywaydb.database.postgresql.PostgreSQLParser"))
                .isFalse();
        assertThat(ClassList.archived("daz.core.CytubeConnection")).isTrue();
        assertThat(ClassList.archived("org.eclipse.jetty.client.HttpClient")).isTrue();
        assertThat(ClassList.archived("com.zaxxer.hikari.HikariDataSource")).isTrue();
    }
}
