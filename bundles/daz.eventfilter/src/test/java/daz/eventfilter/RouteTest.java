package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import daz.api.command.CommandOrigin;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.User;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTest {

    private static RoutingRule rule(String event, String target) {
        return new RoutingRule("r", true, event, Optional.empty(), Optional.empty(), Optional.empty(), target);
    }

    private static RoutingRule rule(String event, String channel, String user, String pattern) {
        return new RoutingRule(
                "r",
                true,
                event,
                Optional.ofNullable(channel),
                Optional.ofNullable(user),
                Optional.ofNullable(pattern),
                "plugin.greeter.hello");
    }

    private static CytubeEvent chatEvent(String channel, String user, String text) {
        return new CytubeEvent(
                channel, "chatMsg", "{}", 1L, false, Optional.of(new ChatMessage(user, text, text, 1L, false)));
    }

    private static Optional<UserLine> line(String user, String text) {
        return Optional.of(new UserLine(user, text, CommandOrigin.CHAT));
    }

    private static String refusal(RoutingRule rule) {
        return assertThatThrownBy(() -> Route.compile(rule))
                .isInstanceOf(IllegalArgumentException.class)
                .actual()
                .getMessage();
    }

    @Test
    void aPatternIsFoundAnywhereInTheLineText() {
        Route route = Route.compile(rule("cytube.event.chatMsg", null, null, "(?i)hello"));
        assertThat(route.matches(
                        "cytube.event.chatMsg",
                        chatEvent("c", "alice", "oh HELLO there"),
                        line("alice", "oh HELLO there")))
                .isTrue();
        assertThat(route.matches("cytube.event.chatMsg", chatEvent("c", "alice", "bye"), line("alice", "bye")))
                .isFalse();
    }

    @Test
    void theEventPatternUsesTheBusWildcards() {
        CytubeEvent event = chatEvent("c", "alice", "hi");
        assertThat(Route.compile(rule("cytube.event.*", "plugin.x"))
                        .matches("cytube.event.chatMsg", event, line("alice", "hi")))
                .isTrue();
        assertThat(Route.compile(rule("cytube.>", "plugin.x"))
                        .matches("cytube.event.chatMsg", event, line("alice", "hi")))
                .isTrue();
        assertThat(Route.compile(rule("cytube.event.pm", "plugin.x"))
                        .matches("cytube.event.chatMsg", event, line("alice", "hi")))
                .isFalse();
    }

    @Test
    void channelAndUserMatchInAnyCase() {
        Route route = Route.compile(rule("cytube.event.chatMsg", "Lobby", "ALICE", null));
        assertThat(route.matches("cytube.event.chatMsg", chatEvent("lobby", "alice", "x"), line("alice", "x")))
                .isTrue();
        assertThat(route.matches("cytube.event.chatMsg", chatEvent("other", "alice", "x"), line("alice", "x")))
                .isFalse();
        assertThat(route.matches("cytube.event.chatMsg", chatEvent("lobby", "bob", "x"), line("bob", "x")))
                .isFalse();
    }

    @Test
    void aUserRuleMatchesJoinsByTheJoiningUser() {
        Route route = Route.compile(rule("cytube.event.addUser", null, "alice", null));
        CytubeEvent join =
                new CytubeEvent("c", "addUser", "{}", 1L, false, Optional.of(new User("Alice", 1, false, false)));
        assertThat(route.matches("cytube.event.addUser", join, Optional.empty()))
                .isTrue();
    }

    @Test
    void aPatternRuleTakesNoEventWithoutText() {
        Route route = Route.compile(rule("cytube.event.*", null, null, "."));
        CytubeEvent join =
                new CytubeEvent("c", "addUser", "{}", 1L, false, Optional.of(new User("alice", 1, false, false)));
        assertThat(route.matches("cytube.event.addUser", join, Optional.empty()))
                .isFalse();
    }

    @Test
    void targetsInTheBotsOwnNamespacesAreRefused() {
        for (String target : new String[] {
            "cytube.send.chat",
            "cytube.event.chatMsg",
            "daz.connection.ready",
            "command.help",
            "sql.exec",
            "log.request",
            "CYTUBE.send.chat"
        }) {
            assertThat(refusal(rule("cytube.event.chatMsg", target))).contains("bot's own namespace");
        }
    }

    @Test
    void wildcardOrMalformedTargetsAreRefused() {
        assertThat(refusal(rule("cytube.event.chatMsg", "plugin.*"))).startsWith("invalid target");
        assertThat(refusal(rule("cytube.event.chatMsg", "plugin..x"))).startsWith("invalid target");
        assertThat(refusal(rule("cytube.event.chatMsg", "plugin. x"))).startsWith("invalid target");
    }

    @Test
    void anInvalidRegexIsRefusedWithWhereItBreaks() {
        assertThat(refusal(rule("cytube.event.chatMsg", null, null, "hello(")))
                .startsWith("invalid pattern")
                .contains("hello(");
    }

    @Test
    void anEventOutsideTheCytubeEventsIsRefused() {
        assertThat(refusal(rule("plugin.greeter.hello", "plugin.x"))).contains("matches no cytube.event.<name>");
        assertThat(refusal(rule("cytube.event", "plugin.x"))).contains("matches no");
        assertThat(refusal(rule("cytube.event.chatMsg.x", "plugin.x"))).contains("matches no");
        assertThat(refusal(rule("cytube.event.>.x", "plugin.x"))).startsWith("invalid event");
        assertThat(refusal(rule("cytube.ev*", "plugin.x"))).startsWith("invalid event");
    }
}
