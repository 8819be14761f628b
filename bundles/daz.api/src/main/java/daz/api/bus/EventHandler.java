package daz.api.bus;

/**
 * Receives events: register an implementation as an OSGi service (whiteboard) with the {@link #TOPICS} property; the
 * bus subscribes it while the service is registered and forgets it, with whatever was still queued for it, when the
 * service goes away, unless it is {@linkplain #DURABLE durable}.
 *
 * <pre>{@code
 * @Component(property = {EventHandler.TOPICS + "=cytube.event.chatMsg", EventHandler.DELIVERY + "=sync"})
 * public class ChatLogger implements EventHandler { ... }
 * }</pre>
 *
 * or, with the component property type, {@code @Subscription(topics = "cytube.event.chatMsg")}.
 *
 * <p>Several handlers of one topic are called in the order of their {@code service.ranking} (higher first, then the
 * older service first); the synchronous ones run first, on the publisher's thread, and only when they have returned
 * does the event go into the queues of the asynchronous ones, so that no asynchronous handler acts on an event a
 * synchronous one (the SQL logger's journal) has not seen yet. Asynchronous handlers each have a bounded queue and are called
 * by one bus thread at a time, in publishing order for events of one publisher, {@link Priority#HIGH} events first.
 * A handler that throws is logged and counted, and keeps receiving events; when it throws on a request, the request
 * fails with a {@link ResponderException}.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Service property: the topics to receive, a {@code String} or {@code String[]}. Each is an exact topic or a
     * pattern where a {@code *} segment matches any one segment and a final {@code >} segment matches one or more
     * remaining segments ({@code cytube.event.>}). A handler without a valid value receives nothing and is logged.
     */
    String TOPICS = "daz.bus.topics";

    /**
     * Service property: {@value #DELIVERY_ASYNC} (the default) or {@value #DELIVERY_SYNC}. A synchronous handler runs
     * on the publisher's thread and must be fast; it sees every event, as no queue can overflow.
     */
    String DELIVERY = "daz.bus.delivery";

    /** {@link #DELIVERY} value: through the handler's bounded queue on a bus thread. */
    String DELIVERY_ASYNC = "async";

    /** {@link #DELIVERY} value: on the publisher's thread, before the publishing call returns. */
    String DELIVERY_SYNC = "sync";

    /**
     * Service property: a durable name (a {@code String}, unique among handlers, e.g. the bundle's symbolic name and
     * the component's role). When the service of a durable handler goes away (its bundle stops, is updated or
     * refreshed), the bus holds the events it would have received, up to the bus's configured bound (by default
     * 10 s and 10,000 events, the oldest dropped and counted past it), and hands them over in publishing order to the
     * next handler that registers with the same name, before any later event. A handler that does not come back in
     * time has its held events released (dropped, logged with their count). {@code daz:bus} shows what is held and
     * dropped per durable name.
     *
     * @since 1.2
     */
    String DURABLE = "daz.durable";

    /**
     * Handles one event. Must not block for long: an asynchronous handler occupies a bus thread while it runs.
     *
     * @throws Exception to signal failure; the bus logs and counts it and carries on
     */
    void handle(Event event) throws Exception;
}
