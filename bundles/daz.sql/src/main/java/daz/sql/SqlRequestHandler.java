package daz.sql;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.Subscription;
import daz.api.sql.DatabaseException;
import daz.api.sql.SqlResult;
import daz.api.sql.SqlStatement;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code sql.query} and {@code sql.exec} requests on the bus, each in the schema of the bundle that sent it
 * (the bus stamps {@link Event#source()}, so no plugin can ask in another's name).
 */
@Component
@Subscription(topics = {SqlStatement.QUERY, SqlStatement.EXEC})
public class SqlRequestHandler implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SqlRequestHandler.class);

    private final StatementRunner runner;
    private final EventBus bus;

    @Activate
    public SqlRequestHandler(@Reference StatementRunner runner, @Reference EventBus bus) {
        this.runner = runner;
        this.bus = bus;
    }

    @Override
    public void handle(Event event) {
        if (!event.isRequest()) {
            LOG.warn(
                    "Ignoring {} from {}: send it as a request (EventBus.request) to get the result",
                    event.topic(),
                    event.source());
            return;
        }
        SqlStatement statement;
        try {
            statement = statement(event.payload());
        } catch (IllegalArgumentException e) {
            bus.fail(event, e.getMessage());
            return;
        }
        try {
            SqlResult result = event.topic().equals(SqlStatement.QUERY)
                    ? rows(runner.query(event.source(), statement.sql(), statement.parameters()))
                    : new SqlResult(List.of(), runner.execute(event.source(), statement.sql(), statement.parameters()));
            bus.reply(event, result);
        } catch (DatabaseException e) {
            bus.fail(event, e);
        }
    }

    private static SqlResult rows(List<Map<String, Object>> rows) {
        return new SqlResult(rows, rows.size());
    }

    /** A {@link SqlStatement}, or a map with {@code sql} and {@code params} as a JSON-minded caller sends it. */
    static SqlStatement statement(Object payload) {
        if (payload instanceof SqlStatement statement) {
            return statement;
        }
        if (payload instanceof Map<?, ?> map && map.get("sql") instanceof String sql) {
            Object params = map.containsKey("params") ? map.get("params") : map.get("parameters");
            if (params == null) {
                return new SqlStatement(sql, List.of());
            }
            if (params instanceof List<?> list) {
                return new SqlStatement(sql, new java.util.ArrayList<Object>(list));
            }
            throw new IllegalArgumentException(
                    "params must be a list, got " + params.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("expected a SqlStatement or a map with 'sql' and 'params', got "
                + payload.getClass().getName());
    }
}
