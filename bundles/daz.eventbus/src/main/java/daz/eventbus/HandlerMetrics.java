package daz.eventbus;

import java.util.List;

/**
 * Counters of one subscribed handler.
 *
 * @param bundle symbolic name of the handler's bundle
 * @param serviceId the handler service's {@code service.id}
 * @param ranking its {@code service.ranking}
 * @param topics its subscription patterns
 * @param sync whether it runs on the publisher's thread
 * @param queueDepth events waiting in its queue (0 for a synchronous handler)
 * @param queueCapacity capacity of its queue (0 for a synchronous handler)
 * @param delivered events handed to it
 * @param dropped events lost because its queue was full
 * @param errors calls that threw
 * @param timedNanos time spent in the handler during the timed calls (all calls of an asynchronous handler, a
 *     sample of a synchronous one's)
 * @param timedCalls the number of timed calls
 */
record HandlerMetrics(
        String bundle,
        long serviceId,
        int ranking,
        List<String> topics,
        boolean sync,
        int queueDepth,
        int queueCapacity,
        long delivered,
        long dropped,
        long errors,
        long timedNanos,
        long timedCalls) {

    /** Mean time per event in microseconds, 0 before the first timed call. */
    double averageMicros() {
        return timedCalls == 0 ? 0 : timedNanos / 1000.0 / timedCalls;
    }

    /** Estimated total time spent in the handler, in milliseconds. */
    double totalMillis() {
        return averageMicros() * delivered / 1000.0;
    }
}
