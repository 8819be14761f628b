package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import daz.sql.logger.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PluginRoles on a real PostgreSQL (a database of this class's own), as a superuser and as a plain user. */
class PluginRolesTest {

    private static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.forClass(PluginRolesTest.class);
    }

    private static String one(String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static Optional<String> prepare(String schema) throws SQLException {
        try (Connection c = db.getConnection()) {
            return new PluginRoles().prepare(c, schema);
        }
    }

    @Test
    void aPluginRoleLogsInOwnsItsSchemaAndIsAMemberOfNothing() throws Exception {
        String role = prepare("daz_alpha").orElseThrow();

        assertThat(role).matches("daz_alpha_[0-9a-f]{8}");
        assertThat(prepare("daz_alpha")).contains(role);
        assertThat(one("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'daz_alpha'"))
                .isEqualTo(role);
        assertThat(one("SELECT rolcanlogin AND NOT (rolsuper OR rolcreaterole OR rolcreatedb) FROM pg_roles"
                        + " WHERE rolname = '" + role + "'"))
                .isEqualTo("t");
        assertThat(one("SELECT count(*) FROM pg_auth_members WHERE member = '" + role + "'::regrole"))
                .isEqualTo("0");
        assertThat(one("SELECT has_schema_privilege('public', 'daz_alpha', 'USAGE')"))
                .isEqualTo("f");
    }

    @Test
    void aLinkCutBetweenTheFirstQuestionsLeavesNothingHalfKnown() throws Exception {
        PluginRoles roles = new PluginRoles();
        try (Connection c = db.getConnection()) {
            // the database's tag is asked second: the link goes down right then
            Connection cut = cutOnQuery(c, "md5(current_database())");
            assertThatThrownBy(() -> roles.prepare(cut, "daz_cut")).isInstanceOf(SQLException.class);
            assertThat(roles.prepare(c, "daz_cut"))
                    .hasValueSatisfying(r -> assertThat(r).matches("daz_cut_[0-9a-f]{8}"));
        }
    }

    /** The connection, whose statements fail as a cut link does on a query containing {@code fragment}. */
    private static Connection cutOnQuery(Connection real, String fragment) {
        return (Connection) Proxy.newProxyInstance(
                PluginRolesTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = method.invoke(real, args);
                    if (!(result instanceof Statement statement)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(
                            PluginRolesTest.class.getClassLoader(), new Class<?>[] {Statement.class}, (p, m, a) -> {
                                if (a != null
                                        && a.length > 0
                                        && String.valueOf(a[0]).contains(fragment)) {
                                    throw new SQLException(
                                            "An I/O error occurred while sending to the backend.", "08006");
                                }
                                return m.invoke(statement, a);
                            });
                });
    }

    @Test
    void aSchemaOfAnEarlierReleasePassesToTheLoginRole() throws Exception {
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'daz_legacy') THEN"
                + " CREATE ROLE daz_legacy NOLOGIN; END IF; END $$");
        db.execute("CREATE SCHEMA daz_legacy AUTHORIZATION daz_legacy");
        db.execute("SET ROLE daz_legacy; CREATE TABLE daz_legacy.notes (body text); RESET ROLE");

        String role = prepare("daz_legacy").orElseThrow();

        assertThat(one("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'daz_legacy'"))
                .isEqualTo(role);
        assertThat(one("SELECT tableowner FROM pg_tables WHERE schemaname = 'daz_legacy'"))
                .isEqualTo(role);
    }

    @Test
    void aSchemaOfAnyOtherOwnerIsNotTakenOver() throws Exception {
        db.execute("CREATE SCHEMA daz_foreign");
        assertThatThrownBy(() -> prepare("daz_foreign"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("belongs to");
    }

    @Test
    void aPluginRoleGrantedAMembershipIsRefused() throws Exception {
        String role = prepare("daz_beta").orElseThrow();
        db.execute("GRANT pg_read_all_data TO " + role);
        try {
            assertThatThrownBy(() -> prepare("daz_beta"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("is a member of pg_read_all_data");
        } finally {
            db.execute("REVOKE pg_read_all_data FROM " + role);
        }
    }

    @Test
    void aUserWhoMayNotCreateRolesGetsSchemasSeparatedByNameOnly() throws Exception {
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'daz_ut_plain') THEN"
                + " CREATE ROLE daz_ut_plain LOGIN; END IF; END $$");
        db.execute("DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO daz_ut_plain', current_database());"
                + " END $$");
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            // the session's user: what PluginRoles looks at (current_user) and creates schemas as
            s.execute("SET SESSION AUTHORIZATION daz_ut_plain");
            assertThat(new PluginRoles().prepare(c, "daz_gamma")).isEmpty();
            s.execute("RESET SESSION AUTHORIZATION");
        }
        assertThat(one("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'daz_gamma'"))
                .isEqualTo("daz_ut_plain");
    }
}
