package daz.eventfilter;

import daz.api.sql.Database;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A fake of the EventFilter's schema that reads nothing and hands every statement it executes to the test. */
final class WriteOnlyDatabase implements Database {

    private final BiConsumer<String, Object[]> executed;

    WriteOnlyDatabase(BiConsumer<String, Object[]> executed) {
        this.executed = executed;
    }

    @Override
    public String schema() {
        return "daz_eventfilter";
    }

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) {
        return List.of();
    }

    @Override
    public long execute(String sql, Object... parameters) {
        executed.accept(sql, parameters);
        return 1;
    }
}
