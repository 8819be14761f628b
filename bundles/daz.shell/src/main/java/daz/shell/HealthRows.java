package daz.shell;

import daz.api.status.PluginStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One row per plugin out of every status reported for it: the EventFilter's view of its commands and listeners, the
 * SQL service's view of its schema, and whatever the plugin reports itself. The worst state wins; counts add up; the
 * last error is the latest one.
 */
final class HealthRows {

    private HealthRows() {}

    static List<PluginStatus> merge(List<PluginStatus> statuses) {
        Map<String, List<PluginStatus>> byName =
                statuses.stream().collect(Collectors.groupingBy(PluginStatus::name, TreeMap::new, Collectors.toList()));
        return byName.values().stream().map(HealthRows::mergeOne).toList();
    }

    private static PluginStatus mergeOne(List<PluginStatus> same) {
        if (same.size() == 1) {
            return same.get(0);
        }
        PluginStatus.State state = same.stream()
                .map(PluginStatus::state)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        // the latest dated error; else any error, the worst state's first
        Optional<PluginStatus> withError = same.stream()
                .filter(s -> s.lastError().isPresent())
                .max(Comparator.comparing((PluginStatus s) -> s.state())
                        .thenComparing(s -> s.lastErrorAt().orElse(Instant.MIN)));
        return new PluginStatus(
                same.get(0).name(),
                state,
                withError.flatMap(PluginStatus::lastError),
                same.stream().mapToInt(PluginStatus::retryCount).max().orElse(0),
                same.stream().mapToLong(PluginStatus::eventsHandled).sum(),
                same.stream()
                        .map(PluginStatus::uptime)
                        .max(Comparator.naturalOrder())
                        .orElse(Duration.ZERO),
                same.stream().mapToLong(PluginStatus::failures).sum(),
                withError.flatMap(PluginStatus::lastErrorAt));
    }
}
