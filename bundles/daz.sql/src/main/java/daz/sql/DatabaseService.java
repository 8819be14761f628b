package daz.sql;

import daz.api.sql.Database;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** The {@link Database} each bundle gets: bound to the schema of the bundle that asked for it. */
@Component(service = Database.class, scope = ServiceScope.BUNDLE)
public class DatabaseService implements Database {

    private final StatementRunner runner;
    private final String caller;

    @Activate
    public DatabaseService(@Reference StatementRunner runner, ComponentContext context) {
        this.runner = runner;
        this.caller = context.getUsingBundle().getSymbolicName();
    }

    @Override
    public String schema() {
        return runner.schemaOf(caller);
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        return runner.query(caller, sql, Arrays.asList(parameters));
    }

    @Override
    public long execute(String sql, Object... parameters) {
        return runner.execute(caller, sql, Arrays.asList(parameters));
    }
}
