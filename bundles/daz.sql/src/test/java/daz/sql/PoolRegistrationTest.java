package daz.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.zaxxer.hikari.HikariDataSource;
import daz.sql.logger.Configs;
import daz.sql.logger.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The daz.sql component on a real PostgreSQL: it activates with nothing configured, and an edit of
 * {@code etc/daz.sql.cfg} that keeps the database and user keeps the registered pool, so nothing that depends on it
 * restarts.
 */
class PoolRegistrationTest {

    private static TestDatabase db;

    private final BundleContext context = mock(BundleContext.class);
    private final List<ConnectionPool> registered = new ArrayList<>();
    private final List<ServiceRegistration<ConnectionPool>> registrations = new ArrayList<>();
    private PoolRegistration component;

    @BeforeAll
    static void database() {
        db = TestDatabase.forClass(PoolRegistrationTest.class);
    }

    @BeforeEach
    @SuppressWarnings("unchecked")
    void framework() {
        when(context.registerService(eq(ConnectionPool.class), any(ConnectionPool.class), any()))
                .thenAnswer(call -> {
                    registered.add(call.getArgument(1));
                    ServiceRegistration<ConnectionPool> registration = mock(ServiceRegistration.class);
                    registrations.add(registration);
                    return registration;
                });
    }

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
    }

    private static SqlConfiguration config(Map<String, Object> values) {
        return Configs.of(SqlConfiguration.class, values);
    }

    private static long one(DataSource source) throws Exception {
        try (Connection c = source.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void withNoDatabaseConfiguredItActivatesAndRegistersNoPool() {
        component = new PoolRegistration(config(Map.of()), context);

        assertThat(registered).isEmpty();
        component.modified(config(Map.of("pool_size", 4)));
        assertThat(registered).isEmpty();
    }

    @Test
    void thePoolNamesItsIsolationLevelSoAFirstConnectionCutDuringSetupCannotBreakIt() {
        // HikariCP 7.1.0 learns the default level from its first connection; unset (-1) and that connection cut
        // right then, it sets -1 on every later connection and never connects again
        component = new PoolRegistration(config(Map.of("url", db.url())), context);
        HikariDataSource pool = (HikariDataSource) registered.get(0).dataSource();
        assertThat(pool.getTransactionIsolation()).isEqualTo("TRANSACTION_READ_COMMITTED");
    }

    @Test
    void aNewPoolSizeOrTimeoutIsAppliedToTheRegisteredPool() throws Exception {
        component = new PoolRegistration(config(Map.of("url", db.url())), context);
        ConnectionPool pool = registered.get(0);
        DataSource before = pool.dataSource();

        component.modified(config(Map.of("url", db.url(), "pool_size", 3, "statement_timeout_ms", 1_234L)));

        assertThat(registered).containsExactly(pool);
        verify(registrations.get(0), never()).unregister();
        assertThat(pool.dataSource()).isSameAs(before);
        assertThat(((HikariDataSource) pool.dataSource()).getMaximumPoolSize()).isEqualTo(3);
        assertThat(pool.poolState()).endsWith("(at most 3)");
        assertThat(pool.statementTimeoutMs()).isEqualTo(1_234L);
        assertThat(one(pool.dataSource())).isEqualTo(1);
    }

    @Test
    void aNewPluginPoolSizeAndTimeoutReachThePluginPoolsOpenAlready() throws Exception {
        component = new PoolRegistration(config(Map.of("url", db.url())), context);
        ConnectionPool pool = registered.get(0);
        PluginPools plugins = new PluginPools(pool);
        try (Connection admin = pool.dataSource().getConnection()) {
            String role = new PluginRoles().prepare(admin, "daz_tuned").orElseThrow();
            HikariDataSource own = (HikariDataSource) plugins.open(admin, role, "daz.plugin.tuned");
            assertThat(own.getMaximumPoolSize()).isEqualTo(2);

            component.modified(config(Map.of("url", db.url(), "plugin_pool_size", 5, "connection_timeout_ms", 4_000L)));

            assertThat(own.getMaximumPoolSize()).isEqualTo(5);
            assertThat(own.getConnectionTimeout()).isEqualTo(4_000L);
            assertThat(one(own)).isEqualTo(1);
        } finally {
            plugins.close();
        }
    }

    @Test
    void aConnectionInUseWhenThePoolClosesEndsItsTransactionAndIsGivenBackBeforeThePoolCloses() throws Exception {
        component = new PoolRegistration(config(Map.of("url", db.url())), context);
        HikariDataSource hikari = (HikariDataSource) registered.get(0).dataSource();
        Connection held = hikari.getConnection();
        held.setAutoCommit(false);
        Thread closing = new Thread(component::deactivate, "closing");
        component = null;
        closing.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> closing.getState() == Thread.State.TIMED_WAITING || !closing.isAlive());

        assertThat(hikari.isClosed()).as("closed while a connection is in use").isFalse();
        try (Statement s = held.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        held.commit();
        held.close();
        closing.join(Duration.ofSeconds(10).toMillis());
        assertThat(closing.isAlive()).isFalse();
        assertThat(hikari.isClosed()).isTrue();
    }

    @Test
    void aPluginRolesPasswordIsSetAsAScramVerifierOfFewRoundsAndItsPoolLogsIn() throws Exception {
        component = new PoolRegistration(config(Map.of("url", db.url())), context);
        ConnectionPool pool = registered.get(0);
        PluginPools plugins = new PluginPools(pool);
        try (Connection admin = pool.dataSource().getConnection()) {
            String role = new PluginRoles().prepare(admin, "daz_scram").orElseThrow();
            DataSource own = plugins.open(admin, role, "daz.plugin.scram");
            String verifier;
            try (var statement = admin.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
                statement.setString(1, role);
                try (ResultSet rows = statement.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    verifier = rows.getString(1);
                }
            }
            assertThat(verifier).startsWith("SCRAM-SHA-256$" + PluginPools.SCRAM_ITERATIONS + ":");
            assertThat(one(own)).isEqualTo(1);
        } finally {
            plugins.close();
        }
    }

    @Test
    void aNewPasswordSwapsTheConnectionsBehindTheSameService() throws Exception {
        component = new PoolRegistration(config(Map.of("url", db.url(), "_password", "first")), context);
        ConnectionPool pool = registered.get(0);
        HikariDataSource before = (HikariDataSource) pool.dataSource();
        Connection lent = before.getConnection();

        component.modified(config(Map.of("url", db.url(), "_password", "second")));

        assertThat(registered).containsExactly(pool);
        verify(registrations.get(0), never()).unregister();
        HikariDataSource after = (HikariDataSource) pool.dataSource();
        assertThat(after).isNotSameAs(before);
        assertThat(one(after)).isEqualTo(1);
        // the old pool lets the connection it lent finish its work
        assertThat(before.isClosed()).isFalse();
        assertThat(lent.isValid(5)).isTrue();
        lent.close();

        component.deactivate();
        component = null;
        assertThat(before.isClosed()).isTrue();
        assertThat(after.isClosed()).isTrue();
    }

    @Test
    void anotherDatabaseReplacesThePool() {
        component = new PoolRegistration(config(Map.of("url", db.url())), context);
        ConnectionPool first = registered.get(0);

        component.modified(config(Map.of("url", db.url() + "&ApplicationName=other")));

        verify(registrations.get(0), times(1)).unregister();
        assertThat(registered).hasSize(2);
        assertThat(registered.get(1)).isNotSameAs(first);
        assertThat(first.dataSource().getClass()).isEqualTo(HikariDataSource.class);
        assertThat(((HikariDataSource) first.dataSource()).isClosed()).isTrue();
    }

    @Test
    void theConfigurationRemovedLeavesNoPool() {
        component = new PoolRegistration(config(Map.of("url", db.url())), context);

        component.modified(config(Map.of()));

        verify(registrations.get(0), times(1)).unregister();
        assertThat(registered).hasSize(1);
    }
}
