package daz.eventbus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the event bus (PID {@code daz.eventbus}). Invalid values are logged and replaced by defaults. */
@ObjectClassDefinition(
        name = "Daz event bus",
        description = "Queue sizes, request timeout and threads of the Daz event bus")
@interface BusConfig {

    @AttributeDefinition(
            name = "Queue sizes",
            description = "pattern=size entries: capacity of each asynchronous handler's queue by the topics it "
                    + "subscribes to; the most specific covering pattern wins. Applies to handlers registered after "
                    + "a change.")
    String[] queueSizes() default {
        "cytube.event.>=1000", "sql.query=100", "sql.exec=100", "log.request=500", "plugin.request.>=50"
    };

    @AttributeDefinition(
            name = "Default queue size",
            description = "Capacity of a handler's queue when no queueSizes pattern covers its topics")
    int defaultQueueSize() default 1000;

    @AttributeDefinition(
            name = "Request timeout (ms)",
            description = "How long request() waits for a reply unless the caller gives a timeout")
    long requestTimeoutMillis() default 30_000;

    @AttributeDefinition(
            name = "Worker threads",
            description = "Bus threads that run asynchronous handlers; a handler runs on one of them at a time")
    int workerThreads() default 4;

    @AttributeDefinition(
            name = "Idle spin (µs)",
            description = "How long an idle bus thread stays awake waiting for work before it parks. Longer means "
                    + "lower latency under steady traffic and more CPU used while traffic lasts; 0 parks at once.")
    int idleSpinMicros() default 2000;

    @AttributeDefinition(
            name = "Durable hold (ms)",
            description = "How long the bus holds the events of a durable handler (daz.durable) whose service went "
                    + "away (bundle update, refresh, stop); a handler with the same name that registers within it gets "
                    + "them in order. Past it they are released (dropped, logged with their count).")
    long durableHoldMillis() default 10_000;

    @AttributeDefinition(
            name = "Durable bound (events)",
            description = "How many events the bus holds at most per durable name while its handler is away; past "
                    + "it the oldest are dropped and counted (daz:bus).")
    int durableMaxEvents() default 10_000;

    @AttributeDefinition(
            name = "Drain at stop (ms)",
            description = "When the bus itself stops (update, refresh or stop of daz.eventbus), how long it lets the "
                    + "handlers still registered run what is queued for them before it ends its threads; what is "
                    + "left is dropped and counted in one log line. 0 stops at once.")
    long stopDrainMillis() default 500;
}
