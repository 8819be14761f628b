package daz.api.bus;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The Daz event bus. Each bundle gets its own instance (the service is bundle-scoped), which stamps
 * {@link Event#source()} with that bundle's symbolic name and releases what it holds, such as requests still waiting,
 * when the bundle stops.
 *
 * <p>Events go to the {@link EventHandler} services whose topics match. Asynchronous handlers are fed through bounded
 * queues: when a handler's queue is full the event is dropped for that handler only and counted; publishing never
 * blocks on a slow handler. Synchronous handlers run on the publisher's thread before the publishing call returns.
 *
 * <p>Topics are dot-separated, non-empty segments without whitespace; wildcards ({@code *}, {@code >}) are only for
 * subscriptions. An invalid topic or a {@code null} payload is rejected with an exception naming the topic and bundle.
 */
public interface EventBus {

    /**
     * Publishes an event to every handler of the topic, with {@link PublishOptions#DEFAULT default options}.
     *
     * @return the event as handlers receive it
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalArgumentException if {@code topic} is not a valid topic
     * @throws IllegalStateException if this bundle's bus instance was released
     */
    Event publish(String topic, Object payload);

    /**
     * Publishes an event to every handler of the topic.
     *
     * @return the event as handlers receive it
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalArgumentException if {@code topic} is not a valid topic
     * @throws IllegalStateException if this bundle's bus instance was released
     */
    Event publish(String topic, Object payload, PublishOptions options);

    /**
     * Sends an event only to the handlers of the topic that belong to the bundle with the symbolic name
     * {@code target}. Nothing happens beyond counting when that bundle has no such handler.
     *
     * @return the event as the handlers receive it
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalArgumentException if {@code topic} is not a valid topic
     */
    Event send(String target, String topic, Object payload);

    /**
     * Sends an event with options to the handlers of the topic in the bundle {@code target}.
     *
     * @return the event as the handlers receive it
     * @see #send(String, String, Object)
     */
    Event send(String target, String topic, Object payload, PublishOptions options);

    /**
     * Asks whoever handles the topic and waits, up to the bus's configured request timeout (30 s by default), for the
     * first {@link #reply reply}.
     *
     * @return completes with the reply event, or exceptionally with {@link NoResponderException} (nobody handles the
     *     topic, detected at once), {@link ResponderException} (the responder failed) or
     *     {@link RequestTimeoutException}. Dependent stages that are not {@code *Async} may run on a bus thread:
     *     keep them short.
     * @throws NullPointerException if {@code payload} is {@code null}
     * @throws IllegalArgumentException if {@code topic} is not a valid topic
     */
    CompletionStage<Event> request(String topic, Object payload);

    /**
     * Like {@link #request(String, Object)} with the given timeout.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    CompletionStage<Event> request(String topic, Object payload, Duration timeout);

    /**
     * Answers a request. The first reply or failure wins; a reply that comes after the request was answered, failed,
     * timed out or was abandoned is dropped and counted.
     *
     * @param request the request event exactly as the bus delivered it
     * @return {@code true} if the requester received this reply
     * @throws IllegalArgumentException if {@code request} is not a request
     */
    boolean reply(Event request, Object payload);

    /**
     * Fails a request: the requester's stage completes with a {@link ResponderException} carrying {@code cause}.
     *
     * @param request the request event exactly as the bus delivered it
     * @return {@code true} if the requester received this failure
     * @throws IllegalArgumentException if {@code request} is not a request
     */
    boolean fail(Event request, Throwable cause);

    /**
     * Fails a request with a message.
     *
     * @return {@code true} if the requester received this failure
     * @see #fail(Event, Throwable)
     */
    boolean fail(Event request, String message);
}
