package daz.plugin.analytics;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;

/** The words of the {@code !stats} answers. */
final class StatsText {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("EEE HH:00", Locale.ENGLISH);

    private StatsText() {}

    static String channel(CountStore.ChannelStats stats, ZoneId zone) {
        if (stats.weekLines() == 0) {
            return "Nobody has said anything here this week.";
        }
        StringBuilder text = new StringBuilder("Today: ")
                .append(lines(stats.dayLines()))
                .append(" from ")
                .append(users(stats.dayUsers()))
                .append(". This week: ")
                .append(lines(stats.weekLines()))
                .append(" from ")
                .append(users(stats.weekUsers()))
                .append('.');
        stats.busiestHour()
                .ifPresent(hour -> text.append(" Busiest hour: ")
                        .append(HOUR.format(hour.atZone(zone)))
                        .append(' ')
                        .append(zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                        .append(" (")
                        .append(lines(stats.busiestLines()))
                        .append(")."));
        return text.toString();
    }

    static String user(String asked, Optional<CountStore.UserStats> stats) {
        if (stats.isEmpty()) {
            return asked + " has said nothing here this week.";
        }
        CountStore.UserStats user = stats.get();
        return user.name() + ": " + lines(user.dayLines()) + " today, " + user.weekLines() + " this week, #"
                + user.place() + " of " + user.chatters() + " chatters this week.";
    }

    private static String lines(long n) {
        return n + (n == 1 ? " line" : " lines");
    }

    private static String users(long n) {
        return n + (n == 1 ? " user" : " users");
    }
}
