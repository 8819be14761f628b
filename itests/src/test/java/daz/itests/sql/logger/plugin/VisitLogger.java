package daz.itests.sql.logger.plugin;

import daz.api.bus.EventBus;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A plugin that asks the SQL logger for rows in its own table as soon as it starts (while daz.sql may still be
 * migrating its schema): one by {@code log.request}, whose reply it passes on to {@code it.visits.replied}, and
 * three by {@code log.batch}.
 */
@Component(immediate = true)
public class VisitLogger {

    @Activate
    public VisitLogger(@Reference EventBus bus) {
        bus.request("log.request", Map.of("table", "visits", "row", Map.of("who", "alice", "n", 1)))
                .thenAccept(reply -> bus.publish("it.visits.replied", reply.payload()));
        bus.publish(
                "log.batch",
                Map.of(
                        "table",
                        "visits",
                        "rows",
                        List.of(
                                Map.of("who", "bob", "n", 2),
                                Map.of("who", "carol", "n", 3),
                                Map.of("who", "dave", "n", 4))));
    }
}
