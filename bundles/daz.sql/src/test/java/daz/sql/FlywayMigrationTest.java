package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;

import daz.sql.logger.TestDatabase;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlywayMigrationTest {

    private final TestDatabase database = TestDatabase.forClass(FlywayMigrationTest.class);

    /**
     * A plugin's class loader is no longer reachable once its migration is done: an updated plugin's old revision
     * can be collected (issue 14: no class loader more after many updates).
     */
    @Test
    void theMigratedPluginsClassLoaderIsNotKept(@TempDir Path plugin) throws IOException, SQLException {
        Path scripts = Files.createDirectories(plugin.resolve("leaktest/migration"));
        Files.writeString(scripts.resolve("V1__table.sql"), "CREATE TABLE kept (id int);");
        database.execute("DROP SCHEMA IF EXISTS daz_leaktest CASCADE");
        database.execute("CREATE SCHEMA daz_leaktest");

        WeakReference<ClassLoader> loader = migrateWithOwnLoader(plugin);

        try (var c = database.getConnection();
                var rows = c.createStatement().executeQuery("SELECT count(*) FROM daz_leaktest.kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isZero();
        }
        Collected.await("the plugin's class loader", loader);
    }

    /** Migrates with a loader of the plugin's folder that only this method holds; returns a weak reference to it. */
    private WeakReference<ClassLoader> migrateWithOwnLoader(Path plugin) throws IOException {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {plugin.toUri().toURL()}, null)) {
            FlywayMigration.Outcome outcome =
                    FlywayMigration.migrate(loader, database, "daz_leaktest", "leaktest/migration");
            assertThat(outcome).isEqualTo(new FlywayMigration.Outcome("1", 1));
            return new WeakReference<>(loader);
        }
    }
}
