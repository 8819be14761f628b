package daz.eventfilter;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of {@code daz_eventfilter_rules}, as written, before it is checked ({@link Route#compile}).
 *
 * @param name the rule's unique name
 * @param enabled whether it routes at all
 * @param event the topic or topic pattern of the events it takes
 * @param channel only events of this channel (any case); empty for every channel
 * @param username only events of this user (any case); empty for anyone
 * @param pattern only chat lines and PMs whose text this Java regex is found in; empty for every event
 * @param target the topic the matching events are published on
 */
record RoutingRule(
        String name,
        boolean enabled,
        String event,
        Optional<String> channel,
        Optional<String> username,
        Optional<String> pattern,
        String target) {

    /** Checks the fields; blank optional values count as absent. */
    RoutingRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(target, "target");
        channel = nonBlank(channel);
        username = nonBlank(username);
        pattern = pattern.filter(p -> !p.isEmpty());
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty());
    }
}
