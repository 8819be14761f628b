package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static RoutingRule rule(String name, boolean enabled, String event, String target) {
        return new RoutingRule(name, enabled, event, Optional.empty(), Optional.empty(), Optional.empty(), target);
    }

    @Test
    void withoutActiveRulesNothingIsTakenFromTheBus() {
        assertThat(RoutingTable.EMPTY.subscription()).isEmpty();
        RoutingTable table = RoutingTable.of(List.of(
                rule("off", false, "cytube.event.chatMsg", "plugin.a"),
                rule("refused", true, "cytube.event.chatMsg", "cytube.send.chat")));
        assertThat(table.subscription()).isEmpty();
    }

    @Test
    void eachActiveRuleAddsItsOwnEventPattern() {
        RoutingTable table = RoutingTable.of(List.of(
                rule("chat", true, "cytube.event.chatMsg", "plugin.a"),
                rule("pm", true, "cytube.event.pm", "plugin.b"),
                rule("again", true, "cytube.event.chatMsg", "plugin.c")));
        assertThat(table.subscription()).containsExactly("cytube.event.chatMsg", "cytube.event.pm");
    }

    @Test
    void aPatternWiderThanTheCytubeEventsIsNarrowedToThem() {
        RoutingTable table = RoutingTable.of(List.of(rule("all", true, "cytube.>", "plugin.a")));
        assertThat(table.subscription()).containsExactly("cytube.event.*");
    }
}
