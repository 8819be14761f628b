package daz.itests.eventfilter;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When durable handlers went away and came back, as the runtime's log says ({@code daz.eventbus.DurableHandlers}:
 * "Durable handler 'name' (...) went away", "... 'name' is back"), to split an update's time to live into its parts:
 * from typing {@code update} to the handler going, from going to coming back (Felix stopping, updating and starting
 * the bundle, SCR activating its components, the bus handing the held events over), and from coming back to the
 * shell returning. The log's times are the runtime's local clock, to the millisecond; the benchmark runs on the same
 * machine and zone.
 */
final class DurableHandovers {

    /** One line: the handler's durable name, whether it came back (else it went away), when (epoch ms). */
    record Handover(String name, boolean back, long atMillis) {}

    /** One update's handler going and coming back (epoch ms). */
    record Outage(long goneMillis, long backMillis) {}

    private static final Pattern LINE = Pattern.compile(
            "(?m)^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*daz\\.eventbus\\.DurableHandlers - Durable handler"
                    + " '([^']+)' (?:\\([^)]*\\) (went away)|(is back))");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final List<Handover> lines;

    private DurableHandovers(List<Handover> lines) {
        this.lines = lines;
    }

    static DurableHandovers of(String log) {
        List<Handover> lines = new ArrayList<>();
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            long at = LocalDateTime.parse(m.group(1), TIME)
                    .atZone(ZoneId.systemDefault())
                    .toInstant()
                    .toEpochMilli();
            lines.add(new Handover(m.group(2), m.group(4) != null, at));
        }
        return new DurableHandovers(lines);
    }

    /**
     * The first time {@code gone} went away at or after {@code fromMillis}, and the time the last of {@code back}
     * came back after it (each the first time after it went).
     */
    Optional<Outage> outage(long fromMillis, String gone, List<String> back) {
        Optional<Handover> away = lines.stream()
                .filter(h -> !h.back() && h.name().equals(gone) && h.atMillis() >= fromMillis)
                .findFirst();
        if (away.isEmpty()) {
            return Optional.empty();
        }
        long goneAt = away.get().atMillis();
        long backAt = -1;
        for (String name : back) {
            Optional<Handover> again = lines.stream()
                    .filter(h -> h.back() && h.name().equals(name) && h.atMillis() >= goneAt)
                    .findFirst();
            if (again.isEmpty()) {
                return Optional.empty();
            }
            backAt = Math.max(backAt, again.get().atMillis());
        }
        return Optional.of(new Outage(goneAt, backAt));
    }
}
