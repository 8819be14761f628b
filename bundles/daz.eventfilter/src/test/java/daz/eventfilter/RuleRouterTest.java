package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.bus.Event;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.PrivateMessage;
import daz.api.cytube.User;
import daz.api.sql.Database;
import daz.api.sql.DatabaseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RuleRouterTest {

    private static final Optional<String> BOT = Optional.of("DazBot");

    /** What the router forwarded: the rule's target and the original payload. */
    record Forwarded(String target, Object payload) {}

    private final List<Forwarded> forwarded = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private boolean databaseDown;

    private final Database database = new Database() {
        @Override
        public String schema() {
            return "daz_eventfilter";
        }

        @Override
        public List<Map<String, Object>> query(String sql, Object... parameters) {
            if (databaseDown) {
                throw new DatabaseException("connection refused");
            }
            return List.copyOf(rows);
        }

        @Override
        public long execute(String sql, Object... parameters) {
            throw new AssertionError("the router never writes: " + sql);
        }
    };

    private final RuleRouter router = new RuleRouter(
            new RuleStore(() -> Optional.of(database)),
            (route, event) -> forwarded.add(new Forwarded(route.target(), event.payload())));

    private void row(String name, String event, String pattern, String target) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        row.put("enabled", true);
        row.put("event", event);
        row.put("channel", null);
        row.put("username", null);
        row.put("pattern", pattern);
        row.put("target", target);
        rows.add(row);
    }

    private static Event event(CytubeEvent payload) {
        return TestEvents.published(CytubeEvent.TOPIC_PREFIX + payload.name(), payload, "daz.core");
    }

    private static Event chat(String user, String text, boolean replayed, boolean whisper) {
        return event(new CytubeEvent(
                "chan", "chatMsg", "{}", 1L, replayed, Optional.of(new ChatMessage(user, text, text, 1L, whisper))));
    }

    private static Event pm(String from, String text) {
        return event(new CytubeEvent(
                "chan", "pm", "{}", 1L, false, Optional.of(new PrivateMessage(from, "DazBot", text, text, 1L))));
    }

    @Test
    void aMatchingChatLineIsForwardedWithItsPayload() {
        row("greet", "cytube.event.chatMsg", "^hello", "plugin.greeter.hello");
        router.reload();
        Event line = chat("alice", "hello all", false, false);

        assertThat(router.route(line, BOT)).isEqualTo(1);
        assertThat(router.route(chat("alice", "oh, hello", false, false), BOT)).isZero();

        assertThat(forwarded).containsExactly(new Forwarded("plugin.greeter.hello", line.payload()));
        assertThat(router.forwarded("greet")).isEqualTo(1);
        assertThat(router.forwarded()).isEqualTo(1);
    }

    @Test
    void theBacklogTheBotsOwnLinesAndServerWhispersAreNeverForwarded() {
        row("all", "cytube.event.*", null, "plugin.everything");
        router.reload();

        router.route(chat("alice", "hello", true, false), BOT);
        router.route(chat("dazbot", "hello", false, false), BOT);
        router.route(chat("[server]", "hello", false, true), BOT);
        router.route(pm("DazBot", "hello"), BOT);
        router.route(
                event(new CytubeEvent("chan", "addUser", "{}", 1L, true, Optional.of(new User("a", 1, false, false)))),
                BOT);

        assertThat(forwarded).isEmpty();
        router.route(pm("alice", "hello"), BOT);
        assertThat(forwarded).hasSize(1);
    }

    @Test
    void eventsBesidesLinesAreForwardedToo() {
        row("joins", "cytube.event.addUser", null, "plugin.greeter.join");
        router.reload();
        Event join = event(
                new CytubeEvent("chan", "addUser", "{}", 1L, false, Optional.of(new User("alice", 1, false, false))));

        assertThat(router.wants("cytube.event.addUser")).isTrue();
        assertThat(router.wants("cytube.event.chatMsg")).isFalse();
        assertThat(router.route(join, BOT)).isEqualTo(1);
    }

    @Test
    void refusedRulesAreReportedAndTheOthersStillWork() {
        row("bad-regex", "cytube.event.chatMsg", "hello(", "plugin.greeter.hello");
        row("echo", "cytube.event.chatMsg", null, "cytube.send.chat");
        row("greet", "cytube.event.chatMsg", "hello", "plugin.greeter.hello");
        router.reload();

        assertThat(router.table().entries())
                .extracting(e -> e.rule().name() + " " + e.state())
                .containsExactly("bad-regex REFUSED", "echo REFUSED", "greet ACTIVE");
        assertThat(router.table().entries().get(1).reason()).get().asString().contains("cytube.send.chat");

        router.route(chat("alice", "hello(", false, false), BOT);
        assertThat(forwarded).extracting(Forwarded::target).containsExactly("plugin.greeter.hello");
    }

    @Test
    void aDisabledRuleRoutesNothing() {
        row("greet", "cytube.event.chatMsg", null, "plugin.greeter.hello");
        rows.get(0).put("enabled", false);
        router.reload();

        assertThat(router.route(chat("alice", "hello", false, false), BOT)).isZero();
        assertThat(router.table().count(RoutingTable.State.DISABLED)).isEqualTo(1);
    }

    @Test
    void whenTheDatabaseIsDownTheLastLoadedRulesStayInForce() {
        row("greet", "cytube.event.chatMsg", null, "plugin.greeter.hello");
        router.reload();
        databaseDown = true;
        rows.clear();

        RuleRouter.Reload failed = router.reload();
        router.reload();

        assertThat(failed.loaded()).isFalse();
        assertThat(failed.error()).contains("connection refused");
        assertThat(router.loadError()).isPresent();
        assertThat(router.failedLoads()).isEqualTo(2);
        assertThat(router.route(chat("alice", "hello", false, false), BOT)).isEqualTo(1);

        databaseDown = false;
        assertThat(router.reload().loaded()).isTrue();
        assertThat(router.loadError()).isEmpty();
        assertThat(router.route(chat("alice", "hello", false, false), BOT)).isZero();
    }

    @Test
    void withoutADatabaseServiceNothingIsLoadedAndNothingRouted() {
        RuleRouter alone = new RuleRouter(new RuleStore(Optional::empty), (route, event) -> forwarded.add(null));
        assertThat(alone.reload().error()).get().asString().contains("no database");
        assertThat(alone.route(chat("alice", "hello", false, false), BOT)).isZero();
    }

    @Test
    void countsAreKeptAcrossReloadsByRuleName() {
        row("greet", "cytube.event.chatMsg", null, "plugin.greeter.hello");
        router.reload();
        router.route(chat("alice", "hello", false, false), BOT);
        rows.get(0).put("pattern", "x");
        router.reload();
        router.route(chat("alice", "x", false, false), BOT);

        assertThat(router.forwarded("greet")).isEqualTo(2);
    }

    @Test
    void aFailingForwardIsCountedForNoRuleAndTheNextRuleStillForwards() {
        row("a-broken", "cytube.event.chatMsg", null, "plugin.a");
        row("b-fine", "cytube.event.chatMsg", null, "plugin.b");
        RuleRouter failing = new RuleRouter(new RuleStore(() -> Optional.of(database)), (route, event) -> {
            if (route.name().equals("a-broken")) {
                throw new IllegalStateException("bus released");
            }
            forwarded.add(new Forwarded(route.target(), event.payload()));
        });
        failing.reload();

        assertThat(failing.route(chat("alice", "hi", false, false), BOT)).isEqualTo(1);
        assertThat(failing.forwarded("a-broken")).isZero();
        assertThat(forwarded).extracting(Forwarded::target).containsExactly("plugin.b");
    }
}
