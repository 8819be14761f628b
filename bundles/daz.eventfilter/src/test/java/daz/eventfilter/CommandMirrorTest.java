package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import daz.api.command.CommandInfo;
import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CommandMirrorTest {

    private final List<String> statements = new CopyOnWriteArrayList<>();

    private final Database database = new WriteOnlyDatabase((sql, parameters) ->
            statements.add(sql.split(" ")[0] + (parameters.length > 0 ? " " + parameters[0] : "")));

    @Test
    void rewritesTheTableFromTheLatestSnapshot() {
        List<CommandInfo> commands = List.of(
                new CommandInfo("about", List.of("version"), 0, 5, "What this is", "!about", "daz.plugin.about"),
                new CommandInfo("help", List.of(), 0, 3, "", "", "daz.plugin.help"));
        try (CommandMirror mirror = new CommandMirror(() -> Optional.of(database), () -> commands)) {
            mirror.changed();
        }
        assertThat(statements).containsExactly("DELETE", "INSERT about", "INSERT help");
    }

    @Test
    void aSchemaNotMigratedYetIsWrittenOnceItIs() {
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(2);
        Database migrating = new Database() {
            @Override
            public String schema() {
                return database.schema();
            }

            @Override
            public List<Map<String, Object>> query(String sql, Object... parameters) {
                return database.query(sql, parameters);
            }

            @Override
            public long execute(String sql, Object... parameters) {
                if (refusals.getAndDecrement() > 0) {
                    throw new DatabaseException("not ready yet", DatabaseException.NOT_READY, null);
                }
                return database.execute(sql, parameters);
            }
        };
        List<CommandInfo> commands = List.of(new CommandInfo("help", List.of(), 0, 3, "", "", "daz.plugin.help"));
        try (CommandMirror mirror = new CommandMirror(() -> Optional.of(migrating), () -> commands)) {
            mirror.changed();
            // the retry comes a second later
            await("the mirror written again").until(() -> statements.size() >= 2);
        }
        assertThat(statements).containsExactly("DELETE", "INSERT help");
    }

    @Test
    void withoutADatabaseNothingIsWritten() {
        try (CommandMirror mirror = new CommandMirror(Optional::empty, List::of)) {
            mirror.changed();
        }
        assertThat(statements).isEmpty();
    }
}
