package daz.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.osgi.framework.Bundle;

/**
 * What a bundle's Flyway scripts are, and whether a schema's history already holds exactly them: with one plain query
 * and no Flyway class, so that a start with nothing to migrate (nearly every start) does not load Flyway at all.
 *
 * <p>"Nothing pending" is decided conservatively, as Flyway's own migrate with its validation would: the migration
 * folder holds versioned SQL scripts only (no repeatable script, callback or Java migration, which Flyway would run
 * or check each time), and the history has, for each of them, one successful row with the same version, description
 * and checksum (Flyway's: CRC32 of the script's lines), and no other versioned row. Anything else (a new script, an
 * edited one, a failed row, no history yet) leaves the decision to Flyway, which applies or reports it.
 */
final class MigrationScripts {

    /** Flyway's versioned script names: {@code V<version>__<description>.sql}, version parts split by _ or . */
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__(.*)\\.sql");

    /** SQLSTATEs of a history that is not there yet: no such table, no such schema. */
    private static final List<String> NO_HISTORY = List.of("42P01", "3F000");

    /** One versioned script as Flyway sees it. */
    record Script(Version version, String description, int checksum) {}

    /** A Flyway version: numeric parts compared as numbers, trailing zeros ignored ("1.0" is "1"). */
    record Version(List<BigInteger> parts) implements Comparable<Version> {

        static Version of(String text) {
            List<BigInteger> parts = new ArrayList<>();
            for (String part : text.replace('_', '.').split("\\.")) {
                parts.add(new BigInteger(part));
            }
            while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
                parts.remove(parts.size() - 1);
            }
            return new Version(List.copyOf(parts));
        }

        @Override
        public int compareTo(Version other) {
            for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
                BigInteger a = i < parts.size() ? parts.get(i) : BigInteger.ZERO;
                BigInteger b = i < other.parts.size() ? other.parts.get(i) : BigInteger.ZERO;
                int c = a.compareTo(b);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        @Override
        public String toString() {
            return String.join(".", parts.stream().map(BigInteger::toString).toList());
        }
    }

    private MigrationScripts() {}

    /**
     * The bundle's versioned scripts in {@code folder}, or null when the folder holds anything else Flyway would act
     * on at every migrate (repeatable scripts, callbacks, Java migrations): only Flyway can tell then.
     */
    static List<Script> versionedOnly(Bundle bundle, String folder) {
        List<Script> scripts = new ArrayList<>();
        var entries = bundle.findEntries(folder.trim(), "*", true);
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String path = url.getPath();
            if (path.endsWith("/")) {
                continue; // a folder
            }
            Matcher name = VERSIONED.matcher(path.substring(path.lastIndexOf('/') + 1));
            if (!name.matches()) {
                return null;
            }
            scripts.add(new Script(Version.of(name.group(1)), name.group(2).replace('_', ' '), checksum(url)));
        }
        return scripts;
    }

    /**
     * The schema's version when its history holds exactly the bundle's scripts, all successful: then Flyway would
     * apply nothing and find nothing to complain of. Null when Flyway must look (see the class comment).
     *
     * @throws SQLException when the database cannot be asked (not for a history or schema that does not exist yet)
     */
    static Version upToDate(Bundle bundle, String folder, DataSource source, String schema) throws SQLException {
        List<Script> scripts = versionedOnly(bundle, folder);
        if (scripts == null || scripts.isEmpty()) {
            return null;
        }
        Map<Version, Script> carried = new HashMap<>();
        Version latest = null;
        for (Script script : scripts) {
            if (carried.put(script.version(), script) != null) {
                return null; // two scripts of one version: Flyway's error to report
            }
            if (latest == null || script.version().compareTo(latest) > 0) {
                latest = script.version();
            }
        }
        int matched = 0;
        try (Connection c = source.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, description, checksum, success FROM " + schema + "."
                        + daz.api.sql.Migrations.HISTORY_TABLE + " WHERE version IS NOT NULL")) {
            while (rs.next()) {
                Script script = carried.get(Version.of(rs.getString(1)));
                Integer checksum = rs.getObject(3) == null ? null : rs.getInt(3);
                if (script == null
                        || !rs.getBoolean(4)
                        || !script.description().equals(rs.getString(2))
                        || !Objects.equals(checksum, script.checksum())) {
                    return null;
                }
                matched++;
            }
        } catch (SQLException e) {
            if (NO_HISTORY.contains(e.getSQLState())) {
                return null;
            }
            throw e;
        }
        return matched == carried.size() ? latest : null;
    }

    /** Flyway's checksum of a script: CRC32 of each line's UTF-8 bytes, without line breaks or a leading BOM. */
    static int checksum(URL script) {
        CRC32 crc = new CRC32();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(script.openStream(), StandardCharsets.UTF_8), 4096)) {
            String line = in.readLine();
            if (line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            for (; line != null; line = in.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
        return (int) crc.getValue();
    }
}
