package daz.sql.logger;

import java.time.Instant;

/**
 * ISO 8601 text of epoch milliseconds, as PostgreSQL reads a timestamptz. The date and time up to the second is
 * formatted once per second and reused: chat lines arrive many to a second, on the publisher's thread.
 */
final class Timestamps {

    private record Second(long epochSecond, String prefix) {}

    private volatile Second last = new Second(Long.MIN_VALUE, "");

    String iso(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second cached = last;
        if (cached.epochSecond() != second) {
            String seconds = Instant.ofEpochSecond(second).toString(); // ...T12:34:56Z
            cached = new Second(second, seconds.substring(0, seconds.length() - 1));
            last = cached;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        StringBuilder text = new StringBuilder(cached.prefix().length() + 5)
                .append(cached.prefix())
                .append('.');
        if (millis < 100) {
            text.append('0');
        }
        if (millis < 10) {
            text.append('0');
        }
        return text.append(millis).append('Z').toString();
    }
}
