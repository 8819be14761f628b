package daz.core;

import daz.api.cytube.FloodLimit;

/**
 * Keeps the bot's chat lines and PMs under CyTube's per-connection limiter. It replays the server's algorithm on the
 * bot's own send times: a burst of {@code burst} messages, then one per {@code 1/sustained} s measured from the last
 * allowed message, the burst restored after {@code cooldown} s of quiet. Because the server measures arrival times,
 * which network jitter can bring closer together, the pacer keeps a margin: a fraction of the interval, and a fixed
 * time on top of the cooldown. A message the server runs through its limiter twice (CyTube's {@code /me}, {@code /sp}
 * and shout commands re-enter its chat handler) has weight 2. Not thread-safe: the OutboundWriter calls it under its
 * lock.
 */
final class OutboundPacer {

    private final double intervalMargin;
    private final long cooldownMarginMillis;
    private int count;
    private long lastAllowed;
    private boolean any;

    /**
     * @param intervalMargin added to the interval after the burst, as a fraction of it (0.15 = 15 % slower)
     * @param cooldownMarginMillis added to the quiet time the pacer waits for before it counts on a new burst
     */
    OutboundPacer(double intervalMargin, long cooldownMarginMillis) {
        this.intervalMargin = intervalMargin;
        this.cooldownMarginMillis = cooldownMarginMillis;
    }

    /** The earliest time (ms, on the caller's clock) a message of {@code weight} 1 or 2 may go under {@code limit}. */
    long nextSendAt(long now, FloodLimit limit, int weight) {
        if (!any || cooledDown(now, limit)) {
            return now;
        }
        if (count + weight <= limit.burst()) {
            return now;
        }
        if (weight > 1) {
            // the second pass of the server's limiter comes at once: only a fresh burst lets both through
            return lastAllowed + cooldownMillis(limit) + 1;
        }
        long interval = (long) Math.ceil(limit.intervalMillis() * (1 + intervalMargin));
        return Math.max(now, lastAllowed + interval);
    }

    /** Records that a message of {@code weight} went out at {@code at}. */
    void sent(long at, FloodLimit limit, int weight) {
        for (int i = 0; i < weight; i++) {
            if (!any || cooledDown(at, limit)) {
                count = 1;
            } else if (count < limit.burst()) {
                count++;
            }
            any = true;
            lastAllowed = at;
        }
    }

    /**
     * Whether a message of {@code weight} now falls in the sustained phase (the burst is used up), where each message
     * must keep the interval to the previous one as the server measures it.
     */
    boolean sustained(long now, FloodLimit limit, int weight) {
        return any && !cooledDown(now, limit) && count + weight > limit.burst();
    }

    /**
     * The server echoed one of the bot's lines at {@code at} (it relays every accepted line to its sender too): the
     * server's limiter took that line no earlier than this, so the interval is measured from here if that is later
     * than the send time. This absorbs a server that was slow to process a burst.
     */
    void echoed(long at) {
        if (any && at > lastAllowed) {
            lastAllowed = at;
        }
    }

    /**
     * The server said {@code cooldown}: it dropped a message, so its limiter is fuller than the pacer thought.
     * Assume the burst is used up and wait the time the server named on top of the interval.
     */
    void serverCooldown(long now, long millis, FloodLimit limit) {
        any = true;
        count = Math.max(count, limit.burst());
        lastAllowed = Math.max(lastAllowed, now + Math.max(0, millis));
    }

    private boolean cooledDown(long now, FloodLimit limit) {
        return now - lastAllowed > cooldownMillis(limit);
    }

    private long cooldownMillis(FloodLimit limit) {
        return (long) Math.ceil(limit.cooldownSeconds() * 1000) + cooldownMarginMillis;
    }

    /** The weight of a chat line: 2 for the commands CyTube runs through its limiter twice. */
    static int weightOf(String line) {
        if (!line.startsWith("/")) {
            return 1;
        }
        int space = line.indexOf(' ');
        String command = space < 0 ? line.substring(1) : line.substring(1, space);
        return switch (command) {
            case "me", "sp", "say", "rcv", "shout", "a" -> 2;
            default -> 1;
        };
    }
}
