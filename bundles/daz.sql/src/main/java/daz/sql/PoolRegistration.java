package daz.sql;

import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component of PID {@code daz.sql}: makes the {@link ConnectionPool} from the configuration and registers it by
 * hand, with no configuration properties. DS copies every configuration property whose key does not start with a dot
 * into the service properties of the component that reads it, readable by every bundle and printed by
 * {@code inspect capability service}; this component registers no service of its own, so neither {@code .password}
 * nor the old key {@code password} of existing {@code etc/daz.sql.cfg} files ever becomes a service property.
 */
@Component(
        service = {},
        immediate = true,
        configurationPid = "daz.sql",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SqlConfiguration.class)
public class PoolRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(PoolRegistration.class);

    private final ConnectionPool pool;
    private final ServiceRegistration<ConnectionPool> registration;

    @Activate
    public PoolRegistration(SqlConfiguration config, BundleContext context) {
        if (config._password().isEmpty() && !config.password().isEmpty()) {
            LOG.warn("etc/daz.sql.cfg names the database password 'password': it is read, but rename the key to"
                    + " '.password' (the dot keeps it private)");
        }
        ConnectionPool made;
        try {
            made = new ConnectionPool(config, context);
        } catch (IllegalStateException nothingConfigured) {
            LOG.error(nothingConfigured.getMessage());
            made = null;
        }
        this.pool = made;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("service.description", "Daz PostgreSQL connection pool");
        this.registration = made == null ? null : context.registerService(ConnectionPool.class, made, properties);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
            pool.close();
        }
    }

    /** The configured password: {@code .password}, else the old key {@code password}; empty when neither is set. */
    static String password(SqlConfiguration config) {
        return config._password().isEmpty() ? config.password() : config._password();
    }
}
