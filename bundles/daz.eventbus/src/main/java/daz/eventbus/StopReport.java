package daz.eventbus;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the bus lost as it stopped (an update, refresh or stop of {@code daz.eventbus}): events queued for handlers
 * that it did not run, events it held for durable handlers that were away (they cannot reach the next bus), and
 * requests in flight that it cancelled; each counted per handler, durable name or requesting bundle, and said in one
 * log line, with what the handlers still registered ran while the bus drained their queues first.
 */
final class StopReport {

    /** Names listed per kind in the line; past them, "and N more". */
    static final int LISTED = 6;

    private final Map<String, Long> queued = new TreeMap<>();
    private final Map<String, Long> held = new TreeMap<>();
    private final Map<String, Long> cancelled = new TreeMap<>();
    private long drained;
    private long drainMillis;

    /** Events left in the queue of a handler that is still registered ({@code handler}: its name). */
    synchronized void queued(String handler, long events) {
        add(queued, handler, events);
    }

    /** Events held for a durable handler that was away when the bus stopped. */
    synchronized void held(String durableName, long events) {
        add(held, durableName, events);
    }

    /** Requests of {@code bundle} still waiting for a reply, cancelled because the bus stopped. */
    synchronized void cancelled(String bundle, long requests) {
        add(cancelled, bundle, requests);
    }

    /** Queued events the handlers ran while the bus waited for them, and how long it waited. */
    synchronized void drained(long events, long millis) {
        drained = events;
        drainMillis = millis;
    }

    /** Counts what is left in the subscriptions of a bus whose threads have ended. */
    void count(HandlerSubscription[] subscriptions) {
        for (HandlerSubscription subscription : subscriptions) {
            int left = subscription.queueDepth();
            if (subscription instanceof DurableSubscription durable) {
                if (durable.isAttached()) {
                    queued(durable.durableName, left);
                } else {
                    held(durable.durableName, left);
                }
            } else {
                queued(subscription.name(), left);
            }
        }
    }

    private static void add(Map<String, Long> counts, String name, long n) {
        if (n > 0) {
            counts.merge(name, n, Long::sum);
        }
    }

    synchronized long queued() {
        return sum(queued);
    }

    synchronized long held() {
        return sum(held);
    }

    synchronized long cancelled() {
        return sum(cancelled);
    }

    synchronized long drained() {
        return drained;
    }

    /** Whether nothing was lost. */
    synchronized boolean clean() {
        return queued.isEmpty() && held.isEmpty() && cancelled.isEmpty();
    }

    /** The one log line: counts per kind, and per name where there are any. */
    synchronized String line() {
        return "Event bus stopped: lost " + kind(queued, "events queued for handlers") + ", "
                + kind(held, "events held for durable handlers") + ", "
                + kind(cancelled, "requests in flight (cancelled)") + "; ran " + drained
                + " queued events while draining for " + drainMillis + " ms";
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String kind(Map<String, Long> counts, String what) {
        String line = sum(counts) + " " + what;
        if (counts.isEmpty()) {
            return line;
        }
        String names = counts.entrySet().stream()
                .limit(LISTED)
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        int more = counts.size() - LISTED;
        return line + " [" + names + (more > 0 ? ", and " + more + " more" : "") + "]";
    }

    @Override
    public String toString() {
        return line();
    }
}
