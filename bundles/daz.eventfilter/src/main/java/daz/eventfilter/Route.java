package daz.eventfilter;

import daz.api.bus.TopicPattern;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.User;
import daz.api.cytube.UserLeft;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@link RoutingRule} that passed the checks, ready to match events.
 *
 * @param rule the row it was made from
 * @param event the parsed event pattern
 * @param regex the compiled text pattern, if the rule has one
 */
record Route(RoutingRule rule, TopicPattern event, Optional<Pattern> regex) {

    /**
     * First segments of the topics a rule may not publish on: the bot's own namespaces. Forwarding there would loop
     * ({@code cytube.event}), speak or act in the channel ({@code cytube.send}), run commands or SQL, or pass for
     * Daz itself.
     */
    static final Set<String> RESERVED = Set.of("cytube", "daz", "command", "sql", "log");

    static final TopicPattern CYTUBE_EVENTS = TopicPattern.parse(CytubeEvent.TOPIC_PREFIX + TopicPattern.ONE);

    /**
     * Checks a rule and makes it a route.
     *
     * @throws IllegalArgumentException saying, in words an operator can act on, why the rule is refused
     */
    static Route compile(RoutingRule rule) {
        TopicPattern event;
        try {
            event = TopicPattern.parse(rule.event());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid event: " + e.getMessage());
        }
        if (!event.overlaps(CYTUBE_EVENTS)) {
            throw new IllegalArgumentException(
                    "event '" + rule.event() + "' matches no " + CytubeEvent.TOPIC_PREFIX + "<name> topic");
        }
        Optional<String> badTarget = TopicPattern.problemWithTopic(rule.target());
        if (badTarget.isPresent()) {
            throw new IllegalArgumentException("invalid target: " + badTarget.get());
        }
        String namespace = TopicPattern.segmentsOf(rule.target())[0];
        if (RESERVED.contains(namespace.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("target '" + rule.target() + "' is in the bot's own namespace "
                    + namespace + ".* (reserved: cytube, daz, command, sql, log)");
        }
        Optional<Pattern> regex;
        try {
            regex = rule.pattern().map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pattern: " + e.getDescription() + " near index " + e.getIndex()
                    + " of '" + e.getPattern() + "'");
        }
        return new Route(rule, event, regex);
    }

    String name() {
        return rule.name();
    }

    String target() {
        return rule.target();
    }

    /**
     * Whether the rule takes this event.
     *
     * @param topic the event's topic
     * @param event its payload
     * @param line the user's chat line or PM in it, if it is one that may be acted on
     */
    boolean matches(String topic, CytubeEvent event, Optional<UserLine> line) {
        if (!this.event.matches(topic)) {
            return false;
        }
        if (rule.channel().isPresent() && !rule.channel().get().equalsIgnoreCase(event.channel())) {
            return false;
        }
        if (rule.username().isPresent()
                && !userOf(event, line)
                        .map(rule.username().get()::equalsIgnoreCase)
                        .orElse(false)) {
            return false;
        }
        if (regex.isPresent()) {
            return line.map(l -> regex.get().matcher(l.text()).find()).orElse(false);
        }
        return true;
    }

    /** Who an event is about: the writer of a line, the user who joined or left. */
    private static Optional<String> userOf(CytubeEvent event, Optional<UserLine> line) {
        if (line.isPresent()) {
            return line.map(UserLine::user);
        }
        return event.typed(User.class)
                .map(User::name)
                .or(() -> event.typed(UserLeft.class).map(UserLeft::name));
    }
}
