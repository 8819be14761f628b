package daz.sql.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import daz.api.bus.Event;
import daz.api.cytube.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogRulesTest {

    private final Events events = new Events();
    private final ObjectMapper json = new ObjectMapper();

    private List<LogRow> rows(LogRules rules, Event event) {
        return rules.rowsOf(event, json);
    }

    private static Map<String, String> columns(LogRow row) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < row.columns().size(); i++) {
            map.put(row.columns().get(i), row.values().get(i));
        }
        return map;
    }

    private static LogRules defaults() {
        return LogRules.of(Configs.logger(), (rule, problem) -> {
            throw new AssertionError(rule + ": " + problem);
        });
    }

    @Test
    void aChatLineBecomesAChatLogRowWithItsServerTimeHtmlTextAndRawJson() {
        String raw = Events.chatRaw("alice", "fish &amp; <strong>chips</strong>", 1795421649575L);
        List<LogRow> rows = rows(defaults(), events.cytube("lobby", "chatMsg", raw));

        assertThat(rows).hasSize(1);
        LogRow row = rows.get(0);
        assertThat(row.target()).isEqualTo("daz_sql.chat_log");
        assertThat(columns(row))
                .containsEntry("channel", "lobby")
                .containsEntry("time", "1795421649575")
                .containsEntry("username", "alice")
                .containsEntry("msg", "fish &amp; <strong>chips</strong>")
                .containsEntry("text", "fish & <strong>chips</strong>")
                .containsEntry("raw", raw)
                .containsEntry("received_at", "2026-11-23T08:14:10.000Z");
    }

    @Test
    void theTypedPayloadsTextIsPreferred() {
        String raw = Events.chatRaw("alice", "a &lt; b", 1L);
        Event event = events.cytube(
                "lobby",
                "chatMsg",
                raw,
                false,
                Optional.of(new ChatMessage("alice", "a &lt; b", "as core sees it", 1L, false)));
        assertThat(columns(rows(defaults(), event).get(0))).containsEntry("text", "as core sees it");
    }

    @Test
    void joinsAndLeavesBecomeUserActivity() {
        LogRules rules = defaults();
        LogRow join = rows(rules, events.cytube("lobby", "addUser", "{\"name\":\"bob\",\"rank\":2,\"meta\":{}}"))
                .get(0);
        LogRow leave = rows(rules, events.cytube("lobby", "userLeave", "{\"name\":\"bob\"}"))
                .get(0);
        assertThat(join.table()).isEqualTo("user_activity");
        assertThat(columns(join)).containsEntry("action", "join").containsEntry("rank", "2");
        assertThat(columns(leave)).containsEntry("action", "leave").containsEntry("username", "bob");
    }

    @Test
    void aPrivateMessageAndAMediaChangeHaveTheirTables() {
        LogRules rules = defaults();
        LogRow pm = rows(
                        rules,
                        events.cytube(
                                "lobby",
                                "pm",
                                "{\"username\":\"alice\",\"msg\":\"psst\",\"meta\":{},\"time\":5,\"to\":\"bot\"}"))
                .get(0);
        LogRow media = rows(
                        rules,
                        events.cytube(
                                "lobby",
                                "changeMedia",
                                "{\"id\":\"abc\",\"title\":\"Song\",\"seconds\":212,\"type\":\"yt\"}"))
                .get(0);
        assertThat(columns(pm)).containsEntry("recipient", "bot").containsEntry("msg", "psst");
        assertThat(columns(media))
                .containsEntry("media_id", "abc")
                .containsEntry("media_type", "yt")
                .containsEntry("seconds", "212");
    }

    @Test
    void eventsNoRuleWantsMakeNoRows() {
        assertThat(rows(defaults(), events.cytube("lobby", "usercount", "12"))).isEmpty();
    }

    @Test
    void theAllEventsSwitchKeepsEveryEventInEventLog() {
        LogRules rules = LogRules.of(Configs.logger(Map.of("log_all_events", true)), (r, p) -> {});
        List<LogRow> count = rows(rules, events.cytube("lobby", "usercount", "12"));
        List<LogRow> chat = rows(rules, events.cytube("lobby", "chatMsg", Events.chatRaw("a", "b", 1)));
        assertThat(count).extracting(LogRow::table).containsExactly("event_log");
        assertThat(columns(count.get(0))).containsEntry("event", "usercount").containsEntry("raw", "12");
        assertThat(chat).extracting(LogRow::table).containsExactly("chat_log", "event_log");
    }

    @Test
    void configuredRulesMapPathsLiteralsAndQualifiedTables() {
        LogRules rules = LogRules.of(
                Configs.logger(Map.of("default_rules", false, "rules", new String[] {
                    "kick -> audit.kicks(channel=channel, reason=text($.reason), kind='it''s a kick');"
                            + " playlist -> lists(first=$[0].media.id, replayed=replayed)"
                })),
                (r, p) -> {
                    throw new AssertionError(r + ": " + p);
                });
        LogRow kick = rows(rules, events.cytube("lobby", "kick", "{\"reason\":\"a &amp; b\"}"))
                .get(0);
        assertThat(kick.target()).isEqualTo("audit.kicks");
        assertThat(columns(kick)).containsEntry("reason", "a & b").containsEntry("kind", "it's a kick");
        LogRow list = rows(rules, events.cytube("lobby", "playlist", "[{\"media\":{\"id\":\"x1\"}}]"))
                .get(0);
        assertThat(columns(list)).containsEntry("first", "x1").containsEntry("replayed", "false");
        assertThat(rows(rules, events.cytube("lobby", "chatMsg", Events.chatRaw("a", "b", 1))))
                .isEmpty();
    }

    @Test
    void topicPatternsFollowTheBusRules() {
        assertThat(LogRule.matches("cytube.event.*", "cytube.event.chatMsg")).isTrue();
        assertThat(LogRule.matches("cytube.>", "cytube.event.chatMsg")).isTrue();
        assertThat(LogRule.matches("cytube.>", "cytube")).isFalse();
        assertThat(LogRule.matches("cytube.event.chatMsg", "cytube.event.pm")).isFalse();
        assertThat(LogRule.matches("cytube.*", "cytube.event.chatMsg")).isFalse();
    }

    @Test
    void aBrokenRuleIsReportedAndTheOthersWork() {
        List<String> problems = new ArrayList<>();
        LogRules rules = LogRules.of(
                Configs.logger(Map.of("rules", new String[] {
                    "chatMsg chat_log(a=b)", "pm -> x(a=nonsense)", "pm -> x(a b=channel)", "kick -> k(a=channel)"
                })),
                (rule, problem) -> problems.add(problem));
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("->");
        assertThat(problems.get(1)).contains("unknown value 'nonsense'");
        assertThat(problems.get(2)).contains("not a valid column name");
        assertThat(rules.rules()).hasSize(LogRules.DEFAULT_RULES.size() + 1);
    }

    @Test
    void nulCannotGoIntoTextColumnsButTheRawJsonKeepsItEscaped() {
        String raw = Events.chatRaw("nul", "a\u0000b", 1L); // JSON: "a\u0000b"
        LogRow row = rows(defaults(), events.cytube("lobby", "chatMsg", raw)).get(0);
        assertThat(columns(row))
                .containsEntry("msg", "a\uFFFDb")
                .containsEntry("text", "a\uFFFDb")
                .containsEntry("raw", raw);
        assertThat(raw).contains("\\u0000");
    }

    @Test
    void aPayloadThatIsNotJsonKeepsItsRawTextAndPathsFindNothing() {
        LogRow row = rows(defaults(), events.cytube("lobby", "chatMsg", "not json {"))
                .get(0);
        assertThat(columns(row)).containsEntry("raw", "not json {").containsEntry("username", null);
    }

    @Test
    void topLevelFieldsReadInOnePassMatchTheTreesReading() {
        LogRules streaming = LogRules.of(
                Configs.logger(Map.of("default_rules", false, "rules", new String[] {
                    "chatMsg -> t(meta=$.meta, time=$.time, flag=$.flag, gone=$.gone, n=$.nothing, msg=$.msg)"
                })),
                (r, p) -> {});
        LogRules tree = LogRules.of(
                Configs.logger(Map.of("default_rules", false, "rules", new String[] {
                    "chatMsg -> t(meta=$.meta, time=$.time, flag=$.flag, gone=$.gone, n=$.nothing, msg=$.msg,"
                            + " deep=$.meta.a[1])"
                })),
                (r, p) -> {});
        Event event = events.cytube(
                "lobby",
                "chatMsg",
                "{\"skip\":{\"x\":[1,{\"y\":2}]},\"meta\":{\"a\":[1,"
                        + "\"two\"]},\"time\":12,\"flag\":true,\"gone\":null,\"msg\":\"a\\\"b\"}");
        Map<String, String> fast = columns(rows(streaming, event).get(0));
        Map<String, String> slow = columns(rows(tree, event).get(0));
        assertThat(fast)
                .containsEntry("meta", "{\"a\":[1,\"two\"]}")
                .containsEntry("time", "12")
                .containsEntry("flag", "true")
                .containsEntry("gone", null)
                .containsEntry("n", null)
                .containsEntry("msg", "a\"b");
        slow.remove("deep");
        assertThat(fast).isEqualTo(slow);
        assertThat(columns(rows(tree, event).get(0))).containsEntry("deep", "two");
    }

    @Test
    void timestampsAreIsoWithMillisecondsInUtc() {
        Timestamps timestamps = new Timestamps();
        assertThat(timestamps.iso(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(timestamps.iso(1_795_421_649_575L)).isEqualTo("2026-11-23T08:14:09.575Z");
        assertThat(timestamps.iso(1_795_421_649_005L)).isEqualTo("2026-11-23T08:14:09.005Z");
        assertThat(timestamps.iso(1_795_421_650_050L)).isEqualTo("2026-11-23T08:14:10.050Z");
        assertThat(timestamps.iso(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Test
    void badPathsAreRefusedWhenParsed() {
        assertThatThrownBy(() -> LogRules.parse("a -> t(c=$.)")).hasMessageContaining("empty field");
        assertThatThrownBy(() -> LogRules.parse("a -> t(c=$[x])")).hasMessageContaining("not an index");
        assertThatThrownBy(() -> LogRules.parse("a.>.b -> t(c=raw)")).hasMessageContaining("last segment");
    }
}
