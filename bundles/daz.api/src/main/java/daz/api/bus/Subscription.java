package daz.api.bus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link EventHandler} components: sets {@value EventHandler#TOPICS} and
 * {@value EventHandler#DELIVERY}.
 *
 * <pre>{@code
 * @Component
 * @Subscription(topics = "cytube.event.>", delivery = EventHandler.DELIVERY_SYNC)
 * public class ChatLogger implements EventHandler { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Subscription {

    /** Makes the element names below {@code daz.bus.topics} and {@code daz.bus.delivery}. */
    String PREFIX_ = "daz.bus.";

    /** The topics or patterns to receive; see {@link EventHandler#TOPICS}. */
    String[] topics();

    /** {@value EventHandler#DELIVERY_ASYNC} or {@value EventHandler#DELIVERY_SYNC}. */
    String delivery() default EventHandler.DELIVERY_ASYNC;
}
