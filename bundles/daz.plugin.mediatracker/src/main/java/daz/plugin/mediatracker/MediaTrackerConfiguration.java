package daz.plugin.mediatracker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the mediatracker, PID {@code daz.plugin.mediatracker}. */
@ObjectClassDefinition(name = "Daz mediatracker", description = "Plays per channel and the media commands")
public @interface MediaTrackerConfiguration {

    /** The PID. */
    String PID = "daz.plugin.mediatracker";

    @AttributeDefinition(description = "How many items !lastplayed and !topmedia list when no number is given")
    int list_default() default 3;

    @AttributeDefinition(description = "The most items !lastplayed and !topmedia list")
    int list_max() default 10;

    @AttributeDefinition(description = "Longest title in an answer; longer ones are cut")
    int title_max_length() default 60;
}
