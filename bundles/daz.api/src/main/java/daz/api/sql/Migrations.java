package daz.api.sql;

/**
 * How a plugin bundle asks for a schema of its own: it names its Flyway migration folder in the manifest header
 * {@value #HEADER} (for example {@code Daz-Migrations: db/migration}, scripts {@code V1__create.sql}, ...). When
 * the bundle starts, {@code daz.sql} creates the schema {@code daz_<plugin>} and its role, and applies the
 * scripts there with a history table of the plugin's own. A failed migration fails that plugin only.
 *
 * <p>With bnd, one line in the bundle's {@code bnd.bnd} does it: {@code Daz-Migrations: db/migration}.
 */
public final class Migrations {

    /** The manifest header naming the folder (inside the bundle) that holds the Flyway scripts. */
    public static final String HEADER = "Daz-Migrations";

    /** The history table Flyway keeps in each plugin schema. */
    public static final String HISTORY_TABLE = "flyway_history";

    private Migrations() {}

    /**
     * The schema of a bundle: {@code daz_} and the symbolic name without a leading {@code daz.plugin.} or
     * {@code daz.}, lower case, every character other than a letter or digit turned into {@code _}.
     */
    public static String schemaOf(String symbolicName) {
        String name = symbolicName;
        if (name.startsWith("daz.plugin.")) {
            name = name.substring("daz.plugin.".length());
        } else if (name.startsWith("daz.")) {
            name = name.substring("daz.".length());
        }
        return "daz_" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }
}
