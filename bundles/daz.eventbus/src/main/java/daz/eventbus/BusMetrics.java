package daz.eventbus;

import java.util.List;

/**
 * A snapshot of the bus's counters, for the {@code daz:bus} command.
 *
 * @param requests requests made
 * @param timeouts requests that timed out
 * @param lateReplies replies and failures that came after their request was over, and were dropped
 * @param pendingRequests requests waiting for a reply now
 * @param workerThreads bus threads running handlers
 * @param durables what is held and dropped per durable name
 */
record BusMetrics(
        List<TopicMetrics> topics,
        List<HandlerMetrics> handlers,
        List<DurableMetrics> durables,
        long requests,
        long timeouts,
        long lateReplies,
        int pendingRequests,
        int workerThreads) {}
