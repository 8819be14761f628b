package daz.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.bus.TopicPattern;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueSizesTest {

    private static final String[] DEFAULTS = {
        "cytube.event.>=1000", "sql.query=100", "sql.exec=100", "log.request=500", "plugin.request.>=50"
    };

    private static List<TopicPattern> topics(String... patterns) {
        return Arrays.stream(patterns).map(TopicPattern::parse).toList();
    }

    @Test
    void handlerGetsTheSizeOfThePatternCoveringItsTopic() {
        QueueSizes sizes = QueueSizes.parse(DEFAULTS, 777);

        assertThat(sizes.sizeFor(topics("sql.query"))).isEqualTo(100);
        assertThat(sizes.sizeFor(topics("cytube.event.chatMsg"))).isEqualTo(1000);
        assertThat(sizes.sizeFor(topics("plugin.request.*"))).isEqualTo(50);
    }

    @Test
    void uncoveredTopicsGetTheDefault() {
        QueueSizes sizes = QueueSizes.parse(DEFAULTS, 777);

        assertThat(sizes.sizeFor(topics("command.help"))).isEqualTo(777);
        assertThat(sizes.sizeFor(topics(">"))).isEqualTo(777);
        assertThat(sizes.sizeFor(topics("sql.*"))).isEqualTo(777);
    }

    @Test
    void mostSpecificPatternWinsWhateverTheOrder() {
        QueueSizes sizes = QueueSizes.parse(new String[] {"cytube.>=10", "cytube.event.chatMsg=20"}, 5);

        assertThat(sizes.sizeFor(topics("cytube.event.chatMsg"))).isEqualTo(20);
        assertThat(sizes.sizeFor(topics("cytube.event.userLeave"))).isEqualTo(10);
    }

    @Test
    void handlerOfSeveralTopicsGetsTheLargestSize() {
        QueueSizes sizes = QueueSizes.parse(DEFAULTS, 777);

        assertThat(sizes.sizeFor(topics("sql.query", "log.request"))).isEqualTo(500);
    }

    @Test
    void invalidEntriesAreSkippedAndTheRestApplies() {
        QueueSizes sizes = QueueSizes.parse(
                new String[] {"sql.query", "a..b=5", "sql.exec=lots", "log.request=0", "x.y=-3", null, "sql.query=42"},
                9);

        assertThat(sizes.sizeFor(topics("sql.query"))).isEqualTo(42);
        assertThat(sizes.sizeFor(topics("sql.exec"))).isEqualTo(9);
        assertThat(sizes.sizeFor(topics("log.request"))).isEqualTo(9);
    }
}
