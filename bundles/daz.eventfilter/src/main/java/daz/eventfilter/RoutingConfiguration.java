package daz.eventfilter;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the {@link RoutingFilter}, PID {@code daz.eventfilter.routing} ({@code etc/daz.eventfilter.routing.cfg}). */
@ObjectClassDefinition(name = "Daz EventFilter routing", description = "How often the routing rules are read")
public @interface RoutingConfiguration {

    /** The PID. */
    String PID = "daz.eventfilter.routing";

    @AttributeDefinition(
            description = "Seconds between two reads of the routing rules (daz_eventfilter_rules); daz:rules reload"
                    + " reads them at once")
    int rules_reload_seconds() default 30;
}
