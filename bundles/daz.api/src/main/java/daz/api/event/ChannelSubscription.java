package daz.api.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link ChannelListener} components: which CyTube events, as which type. Sets the
 * service properties {@value #EVENTS}, {@value #TYPE} and {@value #REPLAYED}.
 *
 * <p>The events Daz types, with their payload: {@value #CHAT} ({@link daz.api.cytube.ChatMessage}), {@value #PM}
 * ({@link daz.api.cytube.PrivateMessage}), {@value #USER_JOINED} ({@link daz.api.cytube.User}), {@value #USER_LEFT}
 * ({@link daz.api.cytube.UserLeft}), {@value #MEDIA_CHANGED} ({@link daz.api.cytube.Media}), and the others of
 * {@code daz.api.cytube}. Leave {@link #type()} as {@code Object} to receive any event with the typed payload when
 * Daz knows one, else the raw JSON text; {@code String} receives the raw JSON text of every event.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ChannelSubscription {

    /** Makes the element names below {@code daz.channel.event}, {@code daz.channel.type}, {@code daz.channel.replayed}. */
    String PREFIX_ = "daz.channel.";

    /** Service property: the CyTube event names, a {@code String} or {@code String[]}. */
    String EVENTS = "daz.channel.event";

    /** Service property: the payload class name the listener takes; events of another payload are not delivered. */
    String TYPE = "daz.channel.type";

    /** Service property: {@code true} to also receive the chat backlog CyTube replays on every join. */
    String REPLAYED = "daz.channel.replayed";

    /** A chat line: {@link daz.api.cytube.ChatMessage}. */
    String CHAT = "chatMsg";

    /** A private message to the bot: {@link daz.api.cytube.PrivateMessage}. */
    String PM = "pm";

    /** A user joined: {@link daz.api.cytube.User}. */
    String USER_JOINED = "addUser";

    /** A user left: {@link daz.api.cytube.UserLeft}. */
    String USER_LEFT = "userLeave";

    /** The media changed: {@link daz.api.cytube.Media}. */
    String MEDIA_CHANGED = "changeMedia";

    /** The CyTube event names to receive, e.g. {@value #CHAT}. */
    String[] event();

    /** The payload type the listener takes; {@code Object} takes any, {@code String} the raw JSON text. */
    Class<?> type() default Object.class;

    /** Whether to receive the backlog replayed on joins too (default: no, only what happens live). */
    boolean replayed() default false;
}
