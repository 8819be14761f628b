package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class MigrationScriptsTest {

    private static Bundle carrying(String... names) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String name : names) {
            urls.add(new URL("file:/db/migration/" + name));
        }
        Bundle bundle = mock(Bundle.class);
        when(bundle.findEntries("db/migration", "V*.sql", true)).thenReturn(Collections.enumeration(urls));
        return bundle;
    }

    @Test
    void theLatestVersionIsComparedAsAVersionNotAsText() throws Exception {
        Bundle bundle = carrying("V1__create.sql", "V2__more.sql", "V10__last.sql", "V1_1__between.sql");
        assertThat(MigrationScripts.latestVersion(bundle, "db/migration"))
                .isEqualTo(MigrationVersion.fromVersion("10"));
    }

    @Test
    void repeatableScriptsAndOtherFilesAreNoVersion() throws Exception {
        Bundle bundle = carrying("Vnotes.sql", "V3_notes.sql");
        assertThat(MigrationScripts.latestVersion(bundle, "db/migration")).isNull();
        assertThat(MigrationScripts.latestVersion(mock(Bundle.class), "db/migration"))
                .isNull();
    }
}
