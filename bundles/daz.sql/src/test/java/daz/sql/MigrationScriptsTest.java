package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class MigrationScriptsTest {

    private static final String V1 = "CREATE TABLE a (id int);\n";
    private static final String V2 = "\uFEFFALTER TABLE a ADD b text; -- ünïcode\r\n\r\nCREATE INDEX ON a (b);";

    @TempDir
    Path folder;

    /** A bundle whose {@code db/migration} holds these files (name, text pairs) and a sub-folder. */
    private Bundle carrying(String... files) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(folder.toUri().toURL()); // a folder entry ends in '/'
        for (int i = 0; i < files.length; i += 2) {
            Path file = folder.resolve(files[i]);
            Files.writeString(file, files[i + 1], StandardCharsets.UTF_8);
            urls.add(file.toUri().toURL());
        }
        Bundle bundle = mock(Bundle.class);
        when(bundle.findEntries("db/migration", "*", true)).thenReturn(Collections.enumeration(urls));
        return bundle;
    }

    /** A database whose history has these rows: version, description, checksum, success. */
    private static DataSource history(Object[]... rows) throws SQLException {
        ResultSet rs = mock(ResultSet.class);
        int[] at = {-1};
        when(rs.next()).thenAnswer(i -> ++at[0] < rows.length);
        when(rs.getString(1)).thenAnswer(i -> rows[at[0]][0]);
        when(rs.getString(2)).thenAnswer(i -> rows[at[0]][1]);
        when(rs.getObject(3)).thenAnswer(i -> rows[at[0]][2]);
        when(rs.getInt(3)).thenAnswer(i -> rows[at[0]][2]);
        when(rs.getBoolean(4)).thenAnswer(i -> rows[at[0]][3]);
        Statement statement = mock(Statement.class);
        when(statement.executeQuery(anyString())).thenReturn(rs);
        Connection connection = mock(Connection.class);
        when(connection.createStatement()).thenReturn(statement);
        DataSource source = mock(DataSource.class);
        when(source.getConnection()).thenReturn(connection);
        return source;
    }

    private static int flyway(String text) {
        return ChecksumCalculator.calculate(new StringResource(text));
    }

    @Test
    void versionsCompareAsNumbersAndTrailingZerosDoNotCount() {
        assertThat(MigrationScripts.Version.of("10")).isGreaterThan(MigrationScripts.Version.of("9"));
        assertThat(MigrationScripts.Version.of("1_1")).isEqualTo(MigrationScripts.Version.of("1.1"));
        assertThat(MigrationScripts.Version.of("1.0")).isEqualTo(MigrationScripts.Version.of("1"));
        assertThat(MigrationScripts.Version.of("1.0.1")).isGreaterThan(MigrationScripts.Version.of("1"));
    }

    @Test
    void theChecksumIsFlywaysOwn() throws Exception {
        Bundle bundle = carrying("V1__create.sql", V1, "V2__add_b.sql", V2);
        assertThat(MigrationScripts.versionedOnly(bundle, "db/migration"))
                .extracting(MigrationScripts.Script::checksum)
                .containsExactlyInAnyOrder(flyway(V1), flyway(V2));
    }

    @Test
    void repeatableScriptsCallbacksAndJavaMigrationsAreLeftToFlyway() throws Exception {
        assertThat(MigrationScripts.versionedOnly(carrying("V1__a.sql", V1, "R__view.sql", V1), "db/migration"))
                .isNull();
        assertThat(MigrationScripts.versionedOnly(carrying("V1__a.sql", V1, "afterMigrate.sql", V1), "db/migration"))
                .isNull();
        assertThat(MigrationScripts.versionedOnly(carrying("V2__b.class", "x"), "db/migration"))
                .isNull();
    }

    @Test
    void aHistoryHoldingExactlyTheScriptsIsUpToDate() throws Exception {
        Bundle bundle = carrying("V1__create.sql", V1, "V2__add_b.sql", V2);
        DataSource source =
                history(new Object[] {"1", "create", flyway(V1), true}, new Object[] {"2", "add b", flyway(V2), true});
        assertThat(MigrationScripts.upToDate(bundle, "db/migration", source, "daz_x"))
                .isEqualTo(MigrationScripts.Version.of("2"));
    }

    @Test
    void anythingElseIsLeftToFlyway() throws Exception {
        Object[] one = {"1", "create", flyway(V1), true};
        Object[] two = {"2", "add b", flyway(V2), true};
        String[] files = {"V1__create.sql", V1, "V2__add_b.sql", V2};
        // a new script
        assertThat(MigrationScripts.upToDate(carrying(files), "db/migration", history(one), "daz_x"))
                .isNull();
        // an edited one
        Object[] edited = {"2", "add b", flyway(V2) + 1, true};
        assertThat(MigrationScripts.upToDate(carrying(files), "db/migration", history(one, edited), "daz_x"))
                .isNull();
        // a failed one
        Object[] failed = {"2", "add b", flyway(V2), false};
        assertThat(MigrationScripts.upToDate(carrying(files), "db/migration", history(one, failed), "daz_x"))
                .isNull();
        // renamed
        Object[] renamed = {"2", "add c", flyway(V2), true};
        assertThat(MigrationScripts.upToDate(carrying(files), "db/migration", history(one, renamed), "daz_x"))
                .isNull();
        // applied, but no longer carried
        Object[] gone = {"3", "gone", 7, true};
        assertThat(MigrationScripts.upToDate(carrying(files), "db/migration", history(one, two, gone), "daz_x"))
                .isNull();
        // no scripts at all
        assertThat(MigrationScripts.upToDate(carrying(), "db/migration", history(), "daz_x"))
                .isNull();
    }

    @Test
    void noHistoryYetIsLeftToFlywayAndAnUnreachableDatabaseIsAnError() throws Exception {
        DataSource noTable = mock(DataSource.class);
        when(noTable.getConnection()).thenThrow(new SQLException("relation does not exist", "42P01"));
        assertThat(MigrationScripts.upToDate(carrying("V1__a.sql", V1), "db/migration", noTable, "daz_x"))
                .isNull();
        DataSource down = mock(DataSource.class);
        when(down.getConnection()).thenThrow(new SQLException("refused", "08001"));
        assertThatThrownBy(() -> MigrationScripts.upToDate(carrying("V1__a.sql", V1), "db/migration", down, "daz_x"))
                .isInstanceOf(SQLException.class);
    }
}
