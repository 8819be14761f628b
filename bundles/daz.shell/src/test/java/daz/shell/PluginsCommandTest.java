package daz.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginsCommandTest {

    @Test
    void theSchemaVersionIsTheHighestScriptVersion() {
        assertThat(PluginsCommand.latestVersion(List.of("V1__a.sql", "V10__c.sql", "V2_1__b.sql", "README.sql")))
                .contains("10");
        assertThat(PluginsCommand.latestVersion(List.of("V2__a.sql", "V2_1__b.sql")))
                .contains("2.1");
        assertThat(PluginsCommand.latestVersion(List.of())).isEmpty();
    }

    @Test
    void aStatusBelongsToItsBundleAndItsQualifiedNames() {
        assertThat(PluginsCommand.belongs("daz.plugin.seen", "daz.plugin.seen")).isTrue();
        assertThat(PluginsCommand.belongs("daz.plugin.seen (schema daz_seen)", "daz.plugin.seen"))
                .isTrue();
        assertThat(PluginsCommand.belongs("daz.plugin.seenmore", "daz.plugin.seen"))
                .isFalse();
    }
}
