package daz.eventbus;

import daz.api.bus.EventHandler;
import daz.api.bus.TopicPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * What the service properties of an {@link EventHandler} say about its subscription, checked.
 *
 * @param serviceId the service's {@code service.id}
 * @param bundle symbolic name of the bundle that registered it
 * @param ranking its {@code service.ranking} (0 when it is no {@code Integer}, as the framework counts it)
 * @param topics the patterns it subscribes to, never empty
 * @param sync whether it runs on the publisher's thread
 * @param durable its durable name ({@value EventHandler#DURABLE}), if it has one
 */
record HandlerProperties(
        long serviceId, String bundle, int ranking, List<TopicPattern> topics, boolean sync, Optional<String> durable) {

    HandlerProperties {
        topics = List.copyOf(topics);
    }

    /**
     * Reads and checks the properties of a handler service.
     *
     * @throws IllegalArgumentException naming what is wrong, for a handler the bus cannot subscribe
     */
    static HandlerProperties of(ServiceReference<?> reference) {
        Object topicsProperty = reference.getProperty(EventHandler.TOPICS);
        List<String> texts = topicList(topicsProperty);
        if (texts == null) {
            throw new IllegalArgumentException(
                    topicsProperty == null
                            ? "no " + EventHandler.TOPICS + " property"
                            : EventHandler.TOPICS + " must be a String or String[], not a "
                                    + topicsProperty.getClass().getName());
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(EventHandler.TOPICS + " is empty");
        }
        List<TopicPattern> patterns = new ArrayList<>();
        for (String text : texts) {
            Optional<String> bad = TopicPattern.problemWithPattern(text);
            if (bad.isPresent()) {
                throw new IllegalArgumentException(EventHandler.TOPICS + ": " + bad.get());
            }
            patterns.add(TopicPattern.parse(text));
        }
        return new HandlerProperties(
                serviceId(reference),
                bundleName(reference.getBundle()),
                reference.getProperty(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0,
                patterns,
                sync(reference.getProperty(EventHandler.DELIVERY)),
                durable(reference.getProperty(EventHandler.DURABLE)));
    }

    private static Optional<String> durable(Object name) {
        if (name == null) {
            return Optional.empty();
        }
        if (!(name instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(
                    EventHandler.DURABLE + " must be a non-empty String, not '" + name + "'");
        }
        return Optional.of(text.trim());
    }

    private static boolean sync(Object delivery) {
        if (delivery == null) {
            return false;
        }
        String mode = delivery.toString().trim();
        if (mode.equalsIgnoreCase(EventHandler.DELIVERY_SYNC)) {
            return true;
        }
        if (mode.equalsIgnoreCase(EventHandler.DELIVERY_ASYNC)) {
            return false;
        }
        throw new IllegalArgumentException(
                EventHandler.DELIVERY + " must be 'sync' or 'async', not '" + delivery + "'");
    }

    private static List<String> topicList(Object property) {
        if (property instanceof String topic) {
            return List.of(topic.trim());
        }
        if (property instanceof String[] topics) {
            return Arrays.stream(topics).map(t -> t == null ? "" : t.trim()).toList();
        }
        if (property instanceof Collection<?> topics && topics.stream().allMatch(String.class::isInstance)) {
            return topics.stream().map(t -> ((String) t).trim()).toList();
        }
        return null;
    }

    static long serviceId(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_ID) instanceof Long id ? id : -1;
    }

    static String bundleName(Bundle bundle) {
        if (bundle == null) {
            return "(unregistered)";
        }
        String name = bundle.getSymbolicName();
        return name != null ? name : "bundle#" + bundle.getBundleId();
    }

    List<String> topicTexts() {
        return topics.stream().map(TopicPattern::text).toList();
    }
}
