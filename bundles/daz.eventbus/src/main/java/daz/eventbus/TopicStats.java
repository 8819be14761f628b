package daz.eventbus;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one topic. {@link LongAdder}s because many publishers and bus threads update them at once. */
final class TopicStats {

    final String topic;
    final LongAdder published = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder errors = new LongAdder();

    TopicStats(String topic) {
        this.topic = topic;
    }

    TopicMetrics snapshot() {
        return new TopicMetrics(topic, published.sum(), delivered.sum(), dropped.sum(), errors.sum());
    }
}
