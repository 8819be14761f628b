package daz.sql;

import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code daz:sql}: where the bot's database is, the pool's state, and every plugin schema with its state. */
@Component(
        service = SqlCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=sql"})
public class SqlCommand {

    private final ConnectionPool pool;
    private final PluginSchemas schemas;

    @Activate
    public SqlCommand(@Reference ConnectionPool pool, @Reference PluginSchemas schemas) {
        this.pool = pool;
        this.schemas = schemas;
    }

    @Descriptor("shows the database, the connection pool and the plugin schemas")
    public String sql() {
        StringBuilder out = new StringBuilder();
        out.append("Database: ").append(pool.where()).append('\n');
        out.append("Pool:     ").append(pool.poolState()).append('\n');
        Map<String, PluginSchemas.SchemaState> sorted = new TreeMap<>(schemas.schemas());
        if (sorted.isEmpty()) {
            return out.append("Schemas:  none yet\n").toString();
        }
        out.append("Schemas:\n");
        sorted.forEach((bundle, state) -> {
            out.append("  ")
                    .append(state.schema())
                    .append("  ")
                    .append(bundle)
                    .append("  ")
                    .append(state.state());
            out.append(state.role() == null ? "  (no role: separated by name only)" : "  role " + state.role());
            if (state.error() != null) {
                out.append("  ").append(state.error().lines().findFirst().orElse(""));
            }
            out.append('\n');
        });
        return out.toString();
    }
}
