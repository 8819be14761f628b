package daz.sql;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway's migrate of one plugin schema. The only class of daz.sql that names Flyway: it is loaded (and Flyway's
 * some 400 classes with it) only when {@link MigrationScripts#upToDate} finds something for Flyway to do or check.
 */
final class FlywayMigration {

    /** What a migrate did: the schema's version after it and how many scripts it applied. */
    record Outcome(String version, int applied) {}

    private FlywayMigration() {}

    static Outcome migrate(ClassLoader loader, DataSource source, String schema, String folder) {
        MigrateResult result;
        try {
            result = Flyway.configure(loader)
                    .dataSource(source)
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(false)
                    .table(daz.api.sql.Migrations.HISTORY_TABLE)
                    .locations("classpath:" + folder)
                    .load()
                    .migrate();
        } finally {
            forget();
        }
        // Flyway names no target version when there was nothing to apply
        return new Outcome(
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * Flyway keeps the configuration of its last run in a static field of its {@link LogFactory} (to pick its
     * loggers), and with it the plugin's class loader and the data source: the plugin revision that was migrated
     * last would stay in memory after an update of the plugin, until the next migration of any plugin. Flyway is
     * handed a configuration of its own class loader instead, whose loggers are found as the migration's were.
     */
    private static void forget() {
        LogFactory.setConfiguration(new ClassicConfiguration(Flyway.class.getClassLoader()));
    }
}
