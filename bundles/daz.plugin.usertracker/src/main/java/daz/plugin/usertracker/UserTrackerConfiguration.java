package daz.plugin.usertracker;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the usertracker, PID {@code daz.plugin.usertracker}. */
@ObjectClassDefinition(name = "Daz usertracker", description = "Sessions per channel and the !seen command")
public @interface UserTrackerConfiguration {

    /** The PID. */
    String PID = "daz.plugin.usertracker";

    @AttributeDefinition(
            description = "Seconds between two notes that the channel's sessions are current; after a crash, open"
                    + " sessions are closed at the last note")
    int heartbeat_seconds() default 30;

    @AttributeDefinition(
            description = "Milliseconds from a user's line to the write that carries it (the latest line per user;"
                    + " nothing is written, and nothing wakes, while nobody speaks)")
    int words_flush_ms() default 250;

    @AttributeDefinition(description = "Longest quote of a user's last line in the !seen answer")
    int quote_max_length() default 100;
}
