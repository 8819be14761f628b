package daz.api.command;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type describing a command, given once on the {@link CommandHandler} (or
 * {@link AsyncCommandHandler}) component. It sets the service properties {@value #NAME}, {@value #ALIASES},
 * {@value #MIN_RANK}, {@value #COOLDOWN}, {@value #DESCRIPTION} and {@value #USAGE}.
 *
 * <pre>{@code
 * @Component
 * @Command(name = "uptime", aliases = "up", cooldown = 5, description = "How long the bot has been up", usage = "!uptime")
 * public class UptimeCommand implements CommandHandler { ... }
 * }</pre>
 *
 * <p>The EventFilter serves each such command on the bus topic {@code command.<name>}. The older form, an
 * {@link daz.api.bus.EventHandler} subscribed to {@code command.<name>} with this annotation (without a name) that
 * answers with {@code bus.reply}, still works.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Command {

    /** Makes the element names below {@code daz.command.aliases}, {@code daz.command.rank} and so on. */
    String PREFIX_ = "daz.command.";

    /** Prefix of the topic of a command: {@code command.<name>}, the name in lower case. */
    String TOPIC_PREFIX = "command.";

    /**
     * Service property: the command's name, a {@code String}: the word after the prefix, without dots or spaces (it
     * is matched in any case).
     *
     * @since 1.1
     */
    String NAME = "daz.command.name";

    /** Service property: other names of the command, a {@code String} or {@code String[]}. */
    String ALIASES = "daz.command.aliases";

    /** Service property: the lowest CyTube rank allowed to use the command, an {@code Integer} (default 0). */
    String MIN_RANK = "daz.command.rank";

    /** Service property: seconds a user waits between two uses of the command, an {@code Integer} (default 0). */
    String COOLDOWN = "daz.command.cooldown";

    /** Service property: one line saying what the command does. */
    String DESCRIPTION = "daz.command.description";

    /** Service property: how to call it, e.g. {@code !help [command]}. */
    String USAGE = "daz.command.usage";

    /**
     * The command's name, what users type after the prefix. Required on a {@link CommandHandler}; a handler without
     * one is logged and ignored.
     *
     * @since 1.1
     */
    String name() default "";

    /** Other names of the command. */
    String[] aliases() default {};

    /** The lowest rank allowed (see {@link daz.api.cytube.Rank}). */
    int rank() default 0;

    /** Seconds between two uses by one user. */
    int cooldown() default 0;

    /** What the command does. */
    String description() default "";

    /** How to call it. */
    String usage() default "";
}
