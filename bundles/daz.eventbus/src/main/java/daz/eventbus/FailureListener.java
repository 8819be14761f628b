package daz.eventbus;

import daz.api.bus.Event;

/** Told when a handler throws, to log, count and fail the request if the event was one. */
interface FailureListener {

    void handlerFailed(HandlerSubscription subscription, Event event, TopicStats stats, Throwable error);
}
