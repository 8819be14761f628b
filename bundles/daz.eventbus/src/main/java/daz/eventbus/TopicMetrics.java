package daz.eventbus;

/**
 * Counters of one topic since the bus started.
 *
 * @param delivered handler calls made for events of the topic (each handler counts once)
 * @param dropped deliveries lost to full handler queues
 * @param errors handler calls that threw
 */
record TopicMetrics(String topic, long published, long delivered, long dropped, long errors) {}
