package daz.plugin.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** The hour, day and week (from Monday) an instant falls in, in one time zone. */
record Periods(ZoneId zone) {

    /** The start of the hour of {@code at}. */
    Instant hour(Instant at) {
        return at.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
    }

    LocalDate day(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** The Monday the week of {@code at} begins with. */
    LocalDate week(Instant at) {
        return day(at).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The start of the week of {@code at}. */
    Instant weekStart(Instant at) {
        return week(at).atStartOfDay(zone).toInstant();
    }
}
