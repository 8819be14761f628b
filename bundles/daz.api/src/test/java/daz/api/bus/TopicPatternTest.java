package daz.api.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPatternTest {

    @Test
    void exactPatternMatchesOnlyThatTopic() {
        TopicPattern pattern = TopicPattern.parse("cytube.event.chatMsg");

        assertThat(pattern.matches("cytube.event.chatMsg")).isTrue();
        assertThat(pattern.matches("cytube.event.chatMs")).isFalse();
        assertThat(pattern.matches("cytube.event.chatMsg.x")).isFalse();
        assertThat(pattern.matches("cytube.event")).isFalse();
    }

    @Test
    void starMatchesExactlyOneSegment() {
        TopicPattern pattern = TopicPattern.parse("cytube.*.chatMsg");

        assertThat(pattern.matches("cytube.event.chatMsg")).isTrue();
        assertThat(pattern.matches("cytube.send.chatMsg")).isTrue();
        assertThat(pattern.matches("cytube.chatMsg")).isFalse();
        assertThat(pattern.matches("cytube.a.b.chatMsg")).isFalse();
    }

    @Test
    void greaterThanMatchesOneOrMoreRemainingSegments() {
        TopicPattern pattern = TopicPattern.parse("cytube.event.>");

        assertThat(pattern.matches("cytube.event.chatMsg")).isTrue();
        assertThat(pattern.matches("cytube.event.a.b.c")).isTrue();
        assertThat(pattern.matches("cytube.event")).isFalse();
        assertThat(pattern.matches("cytube.send.chat")).isFalse();
    }

    @Test
    void loneGreaterThanMatchesEveryTopic() {
        assertThat(TopicPattern.parse(">").matches("a")).isTrue();
        assertThat(TopicPattern.parse(">").matches("a.b.c")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a..b", ".a", "a.", "a.>.b", "a.b*", "a.>x", "a b", "a.\tb"})
    void malformedPatternsAreRejectedWithAReason(String text) {
        assertThat(TopicPattern.problemWithPattern(text)).isPresent();
        assertThatThrownBy(() -> TopicPattern.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.*", "a.>", "*", ">", "a..b", ""})
    void wildcardsAndEmptySegmentsAreNoPublishableTopic(String topic) {
        assertThat(TopicPattern.problemWithTopic(topic)).isPresent();
    }

    @Test
    void ordinaryTopicIsPublishable() {
        assertThat(TopicPattern.problemWithTopic("plugin.request.usertracker")).isEmpty();
    }

    @Test
    void coveringComparesPatternsNotTopics() {
        TopicPattern events = TopicPattern.parse("cytube.event.>");

        assertThat(events.covers(TopicPattern.parse("cytube.event.chatMsg"))).isTrue();
        assertThat(events.covers(TopicPattern.parse("cytube.event.*"))).isTrue();
        assertThat(events.covers(TopicPattern.parse("cytube.event.>"))).isTrue();
        assertThat(events.covers(TopicPattern.parse("cytube.>"))).isFalse();
        assertThat(events.covers(TopicPattern.parse("cytube.*.chatMsg"))).isFalse();
        assertThat(TopicPattern.parse("sql.query").covers(TopicPattern.parse("sql.*")))
                .isFalse();
        assertThat(TopicPattern.parse("sql.*").covers(TopicPattern.parse("sql.query")))
                .isTrue();
    }

    @Test
    void overlapsWhenSomeTopicMatchesBoth() {
        TopicPattern events = TopicPattern.parse("cytube.event.*");
        assertThat(TopicPattern.parse("cytube.event.chatMsg").overlaps(events)).isTrue();
        assertThat(TopicPattern.parse("cytube.>").overlaps(events)).isTrue();
        assertThat(TopicPattern.parse("*.*.pm").overlaps(events)).isTrue();
        assertThat(TopicPattern.parse(">").overlaps(events)).isTrue();
        assertThat(events.overlaps(TopicPattern.parse("cytube.event.>"))).isTrue();
        assertThat(TopicPattern.parse("cytube.send.chat").overlaps(events)).isFalse();
        assertThat(TopicPattern.parse("cytube.event").overlaps(events)).isFalse();
        assertThat(TopicPattern.parse("cytube.event.chatMsg.x").overlaps(events))
                .isFalse();
        assertThat(TopicPattern.parse("cytube.event.a.>").overlaps(events)).isFalse();
    }
}
