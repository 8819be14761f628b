package daz.eventbus;

import daz.api.shell.TextTable;
import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code daz:bus}: the bus's counters per topic and per handler, to spot drops, errors and slow handlers. */
@Component(
        service = BusCommand.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=bus"})
public class BusCommand {

    private final Dispatcher dispatcher;

    @Activate
    public BusCommand(@Reference Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Descriptor("shows event bus metrics per topic and per handler (published, delivered, dropped, errors, queues) and"
            + " what is held and dropped per durable name")
    public String bus() {
        return render(dispatcher.metrics());
    }

    static String render(BusMetrics metrics) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Event bus: %d worker threads, %d requests (%d waiting, %d timed out), %d late replies dropped%n%n",
                metrics.workerThreads(),
                metrics.requests(),
                metrics.pendingRequests(),
                metrics.timeouts(),
                metrics.lateReplies()));
        TextTable topics = new TextTable("Topic", "Published", "Delivered", "Dropped", "Errors");
        for (TopicMetrics topic : metrics.topics()) {
            topics.row(
                    topic.topic(),
                    Long.toString(topic.published()),
                    Long.toString(topic.delivered()),
                    Long.toString(topic.dropped()),
                    Long.toString(topic.errors()));
        }
        out.append(metrics.topics().isEmpty() ? "No topic published yet.\n" : topics.render());
        out.append('\n');
        TextTable handlers = new TextTable(
                "Handler",
                "Ranking",
                "Topics",
                "Mode",
                "Queue",
                "Delivered",
                "Dropped",
                "Errors",
                "Avg µs",
                "Total ms");
        for (HandlerMetrics handler : metrics.handlers()) {
            handlers.row(
                    handler.bundle() + "/" + handler.serviceId(),
                    Integer.toString(handler.ranking()),
                    String.join(",", handler.topics()),
                    handler.sync() ? "sync" : "async",
                    handler.sync() ? "-" : handler.queueDepth() + "/" + handler.queueCapacity(),
                    Long.toString(handler.delivered()),
                    Long.toString(handler.dropped()),
                    Long.toString(handler.errors()),
                    String.format(Locale.ROOT, "%.1f", handler.averageMicros()),
                    String.format(Locale.ROOT, "%.0f", handler.totalMillis()));
        }
        out.append(metrics.handlers().isEmpty() ? "No handler subscribed.\n" : handlers.render());
        if (!metrics.durables().isEmpty()) {
            TextTable durables = new TextTable("Durable", "State", "Handler", "Held", "Dropped");
            for (DurableMetrics durable : metrics.durables()) {
                durables.row(
                        durable.name(),
                        durable.live() ? "live" : "away",
                        durable.handler(),
                        Integer.toString(durable.held()),
                        Long.toString(durable.dropped()));
            }
            out.append('\n').append(durables.render());
        }
        return out.toString();
    }
}
