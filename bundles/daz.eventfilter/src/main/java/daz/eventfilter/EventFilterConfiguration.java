package daz.eventfilter;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the EventFilter's commands, PID {@code daz.eventfilter} ({@code etc/daz.eventfilter.cfg}), read by
 * the {@link CommandRegistry} alone and applied in place on an edit; the {@link CommandFilter} takes its limits from
 * there ({@link CommandSettings}). The routing rules have their own ({@link RoutingConfiguration}).
 */
@ObjectClassDefinition(name = "Daz EventFilter", description = "Command prefix, admins, spam limits and timeouts")
public @interface EventFilterConfiguration {

    /** The PID. */
    String PID = "daz.eventfilter";

    @AttributeDefinition(description = "What a chat line starts with to be a command")
    String prefix() default "!";

    @AttributeDefinition(description = "User names that may use every command, whatever their rank, without cooldowns")
    String[] admins() default {};

    @AttributeDefinition(description = "Commands one user may issue per spam window; more are ignored")
    int spam_commands() default 5;

    @AttributeDefinition(description = "Length of the spam window in seconds")
    int spam_window_seconds() default 10;

    @AttributeDefinition(description = "Seconds a refused user hears no second refusal for the same command")
    int refusal_silence_seconds() default 60;

    @AttributeDefinition(description = "Seconds to wait for a command's reply")
    int command_timeout_seconds() default 10;

    @AttributeDefinition(description = "Longest argument text kept in the audit table")
    int audit_args_max() default 500;
}
