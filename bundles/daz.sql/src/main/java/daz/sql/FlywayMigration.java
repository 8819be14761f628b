package daz.sql;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
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
        MigrateResult result = Flyway.configure(loader)
                .dataSource(source)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(false)
                .table(daz.api.sql.Migrations.HISTORY_TABLE)
                .locations("classpath:" + folder)
                .load()
                .migrate();
        // Flyway names no target version when there was nothing to apply
        return new Outcome(
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }
}
