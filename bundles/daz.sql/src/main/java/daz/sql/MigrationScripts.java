package daz.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.osgi.framework.Bundle;

/** What a bundle's Flyway scripts are, and whether a schema's history holds them all: without running Flyway. */
final class MigrationScripts {

    /** Flyway's versioned script names: {@code V<version>__<description>.sql}, version parts split by _ or . */
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.*\\.sql");

    private MigrationScripts() {}

    /** The highest version among the bundle's versioned scripts in {@code folder}, or null when it has none. */
    static MigrationVersion latestVersion(Bundle bundle, String folder) {
        MigrationVersion latest = null;
        var entries = bundle.findEntries(folder.trim(), "V*.sql", true);
        for (var url : entries == null ? Collections.<java.net.URL>emptyList() : Collections.list(entries)) {
            String path = url.getPath();
            Matcher name = VERSIONED.matcher(path.substring(path.lastIndexOf('/') + 1));
            if (name.matches()) {
                MigrationVersion version =
                        MigrationVersion.fromVersion(name.group(1).replace('_', '.'));
                if (latest == null || version.compareTo(latest) > 0) {
                    latest = version;
                }
            }
        }
        return latest;
    }

    /** Whether the schema's history records a successful migration to {@code version} or beyond. */
    static boolean applied(DataSource source, String schema, MigrationVersion version) throws SQLException {
        try (Connection c = source.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + schema + "."
                        + daz.api.sql.Migrations.HISTORY_TABLE + " WHERE success AND version IS NOT NULL")) {
            while (rs.next()) {
                if (MigrationVersion.fromVersion(rs.getString(1)).compareTo(version) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
