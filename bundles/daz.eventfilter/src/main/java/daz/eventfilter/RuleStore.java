package daz.eventfilter;

import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Reads and writes {@code daz_eventfilter_rules} in the EventFilter's own schema. */
final class RuleStore {

    private final Supplier<Optional<Database>> database;

    RuleStore(Supplier<Optional<Database>> database) {
        this.database = database;
    }

    /**
     * Every rule, by name.
     *
     * @throws DatabaseException when there is no database or the query fails
     */
    List<RoutingRule> load() {
        return database()
                .query("SELECT name, enabled, event, channel, username, pattern, target FROM daz_eventfilter_rules"
                        + " ORDER BY name")
                .stream()
                .map(RuleStore::rule)
                .toList();
    }

    /**
     * Adds a rule.
     *
     * @throws DatabaseException when there is no database, or the insert fails (a rule of that name exists)
     */
    void add(RoutingRule rule) {
        database()
                .execute(
                        "INSERT INTO daz_eventfilter_rules (name, enabled, event, channel, username, pattern, target)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        rule.name(),
                        rule.enabled(),
                        rule.event(),
                        rule.channel().orElse(null),
                        rule.username().orElse(null),
                        rule.pattern().orElse(null),
                        rule.target());
    }

    /**
     * Deletes a rule.
     *
     * @return whether there was one of that name
     * @throws DatabaseException when there is no database or the delete fails
     */
    boolean remove(String name) {
        return database().execute("DELETE FROM daz_eventfilter_rules WHERE name = ?", name) > 0;
    }

    private Database database() {
        return database.get().orElseThrow(() -> new DatabaseException("no database service (is daz.sql running?)"));
    }

    private static RoutingRule rule(Map<String, Object> row) {
        return new RoutingRule(
                String.valueOf(row.get("name")),
                !Boolean.FALSE.equals(row.get("enabled")),
                String.valueOf(row.get("event")),
                text(row.get("channel")),
                text(row.get("username")),
                text(row.get("pattern")),
                String.valueOf(row.get("target")));
    }

    private static Optional<String> text(Object value) {
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }
}
