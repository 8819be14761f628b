package daz.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL side of plugin confinement: for each plugin schema a LOGIN role of its own that owns the schema and
 * is a member of no other role, so whatever SQL a plugin sends on a connection logged in as it ({@code RESET ROLE},
 * {@code SET ROLE}, {@code SET SESSION AUTHORIZATION}, a {@code DO} block, a {@code SECURITY DEFINER} function of
 * its own) acts with that role's rights and no more. The bot's user is granted membership in each plugin role (the
 * other way round), so that it can create the schema for it and the SQL logger can write rows a plugin asked for.
 *
 * <p>Role names are cluster-wide while schemas are per database: a plugin's role is its schema's name and a tag of
 * the database ({@code daz_notes_1a2b3c4d}), so two bots on one server never share (or reset) a role. Needs a bot
 * user who may create roles (superuser, or CREATEROLE plus CREATE on the database); without that, {@link #prepare}
 * creates the schema only and plugins are separated by name alone, which the log says loudly once.
 */
final class PluginRoles {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRoles.class);

    /** Longest PostgreSQL identifier. */
    private static final int MAX_NAME = 63;

    private Boolean allowed;
    private String databaseTag;

    /**
     * Creates the schema and its role if missing, and checks that the role can reach nothing else. Returns the role,
     * or empty for schema-only separation. The statements run on {@code c}, a connection of the bot's own user.
     */
    synchronized Optional<String> prepare(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (allowed == null) {
                // both answers or neither: a link cut between the two questions must not leave the tag unknown
                boolean may = mayCreateRoles(s);
                databaseTag = tag(s);
                allowed = may;
                if (!allowed) {
                    LOG.warn("*** The database user may not create roles: plugin schemas are separated by name only,"
                            + " and a plugin could read or change another plugin's tables. Grant CREATEROLE (and"
                            + " CREATE on the database) to the bot's user to let PostgreSQL enforce it. ***");
                }
            }
            if (!allowed) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                return Optional.empty();
            }
            String role = roleOf(schema, databaseTag);
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                    + " CREATE ROLE " + role + " LOGIN NOINHERIT; END IF; END $$");
            checkConfined(c, role);
            s.execute("GRANT " + role + " TO CURRENT_USER");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + role);
            takeOver(c, s, schema, role);
            s.execute("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
            // PUBLIC has CONNECT unless the database's owner took it away
            s.execute("DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO " + role
                    + "', current_database()); END $$");
            return Optional.of(role);
        }
    }

    /** The role of a schema in the database with this tag: {@code <schema>_<tag>}, cut to fit 63 characters. */
    static String roleOf(String schema, String databaseTag) {
        String suffix = "_" + databaseTag;
        return schema.substring(0, Math.min(schema.length(), MAX_NAME - suffix.length())) + suffix;
    }

    /** Refuses a role that could reach more than its schema: one with a membership or a power it should not have. */
    private static void checkConfined(Connection c, String role) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication"
                        + " OR rolbypassrls, (SELECT string_agg(g.rolname, ', ') FROM pg_auth_members m JOIN pg_roles g"
                        + " ON g.oid = m.roleid WHERE m.member = r.oid) FROM pg_roles r WHERE r.rolname = ?")) {
            p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("role " + role + " vanished while it was being prepared", "42704");
                }
                if (rs.getBoolean(1)) {
                    throw new SQLException(
                            "role " + role + " has SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or"
                                    + " BYPASSRLS: a plugin's role must have none (ALTER ROLE it)",
                            "42501");
                }
                if (rs.getString(2) != null) {
                    throw new SQLException(
                            "role " + role + " is a member of " + rs.getString(2) + ": a plugin's role"
                                    + " must be a member of no other role (REVOKE it)",
                            "42501");
                }
            }
        }
    }

    /**
     * A schema made by an earlier release belongs to the NOLOGIN role named like it: everything of that role in this
     * database passes to the plugin's login role. A schema of any other owner is not touched: the plugin fails.
     */
    private static void takeOver(Connection c, Statement s, String schema, String role) throws SQLException {
        String owner;
        try (PreparedStatement p =
                c.prepareStatement("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = ?")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                owner = rs.next() ? rs.getString(1) : role;
            }
        }
        if (owner.equals(role)) {
            return;
        }
        if (!owner.equals(schema)) {
            throw new SQLException(
                    "schema " + schema + " belongs to " + owner + ", not to the plugin's role " + role
                            + ": REASSIGN OWNED BY " + owner + " TO " + role + " (or drop the schema)",
                    "42501");
        }
        s.execute("GRANT " + owner + " TO CURRENT_USER");
        s.execute("REASSIGN OWNED BY " + owner + " TO " + role);
        LOG.info("Schema {}: passed from the role {} of an earlier release to the login role {}", schema, owner, role);
    }

    private static boolean mayCreateRoles(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT rolsuper OR (rolcreaterole"
                + " AND has_database_privilege(current_database(), 'CREATE')) FROM pg_roles"
                + " WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String tag(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT substr(md5(current_database()), 1, 8)")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
