package daz.sql;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component of PID {@code daz.sql}: makes the {@link ConnectionPool} from the configuration and registers it by
 * hand, with no configuration properties. DS copies every configuration property whose key does not start with a dot
 * into the service properties of the component that reads it, readable by every bundle and printed by
 * {@code inspect capability service}; this component registers no service of its own, so neither {@code .password}
 * nor the old key {@code password} of existing {@code etc/daz.sql.cfg} files ever becomes a service property.
 *
 * <p>It always activates: with no database configured it registers no pool (and says what to configure), so what
 * needs one waits unsatisfied. An edit of the configuration is {@link #modified}: the same database and user keep the
 * registered pool, retuned or logged in again, so nothing that depends on it restarts; another database or user
 * replaces it, and then its dependants do restart, as their schemas must be prepared in the new database.
 */
@Component(
        service = {},
        immediate = true,
        configurationPid = "daz.sql",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SqlConfiguration.class)
public class PoolRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(PoolRegistration.class);

    private final BundleContext context;
    private ConnectionPool pool;
    private ServiceRegistration<ConnectionPool> registration;

    @Activate
    public PoolRegistration(SqlConfiguration config, BundleContext context) {
        this.context = context;
        apply(config);
    }

    @Modified
    void modified(SqlConfiguration config) {
        apply(config);
    }

    private synchronized void apply(SqlConfiguration config) {
        if (config._password().isEmpty() && !config.password().isEmpty()) {
            LOG.warn("etc/daz.sql.cfg names the database password 'password': it is read, but rename the key to"
                    + " '.password' (the dot keeps it private)");
        }
        Optional<PoolTarget> target = PoolTarget.of(config, context);
        PoolTuning tuning = PoolTuning.of(config);
        if (pool != null && target.isPresent() && pool.serves(target.get())) {
            pool.retune(tuning);
            pool.relogin(target.get().password());
            return;
        }
        withdraw();
        if (target.isEmpty()) {
            LOG.error("No database configured: set url (jdbc:postgresql://host:5432/db), user and .password in"
                    + " etc/daz.sql.cfg, or let the launcher start the embedded PostgreSQL");
            return;
        }
        pool = new ConnectionPool(target.get(), tuning);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("service.description", "Daz PostgreSQL connection pool");
        registration = context.registerService(ConnectionPool.class, pool, properties);
    }

    @Deactivate
    synchronized void deactivate() {
        withdraw();
    }

    /** Unregisters and closes the pool, if there is one: its dependants stop first. */
    private void withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
            registration = null;
        }
        if (pool != null) {
            LOG.info("PostgreSQL pool at {} closed", pool.where());
            pool.close();
            pool = null;
        }
    }
}
