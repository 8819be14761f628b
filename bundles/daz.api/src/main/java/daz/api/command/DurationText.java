package daz.api.command;

import java.time.Duration;

/** A duration for people in chat: {@code 2d 3h 4m}, {@code 5m 6s}, {@code 7s}. */
public final class DurationText {

    private DurationText() {}

    /** The duration in its two largest units (seconds alone below a minute); negative counts as zero. */
    public static String of(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + secs + "s";
        }
        return secs + "s";
    }
}
