package daz.plugin.analytics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the analytics plugin, PID {@code daz.plugin.analytics}. */
@ObjectClassDefinition(name = "Daz analytics", description = "Chat lines and active users per channel, and !stats")
public @interface AnalyticsConfiguration {

    /** The PID. */
    String PID = "daz.plugin.analytics";

    @AttributeDefinition(
            description = "Time zone of the hours, days and weeks (weeks start on Monday), e.g. UTC or Europe/Paris")
    String zone() default "UTC";

    @AttributeDefinition(
            description = "Milliseconds from a line to the write that carries it (lines are summed in between;"
                    + " nothing is written, and nothing wakes, while nobody speaks)")
    int flush_ms() default 250;
}
