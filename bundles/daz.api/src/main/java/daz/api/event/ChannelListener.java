package daz.api.event;

/**
 * Reacts to events of a CyTube channel, typed: register an implementation as an OSGi service (whiteboard) described
 * by {@link ChannelSubscription}, and it is called for every such event of every channel the bot is in.
 *
 * <pre>{@code
 * @Component
 * @ChannelSubscription(event = "addUser", type = User.class)
 * public class Welcome implements ChannelListener<User> {
 *     public void on(ChannelEvent<User> event) {
 *         LOG.info("{} joined {} with rank {}", event.payload().name(), event.channel(), event.payload().rank());
 *     }
 * }
 * }</pre>
 *
 * Calls come through the event bus, each listener on its own queue and one at a time, in the order the channel sent
 * the events; what a listener handled and how often it threw is shown in {@code daz:status}. A listener that wants to
 * speak publishes on the bus ({@link daz.api.cytube.OutgoingChat}).
 *
 * @param <T> the payload type named by {@link ChannelSubscription#type()}
 */
@FunctionalInterface
public interface ChannelListener<T> {

    /**
     * Handles one event. Keep it short: the listener's queue waits meanwhile.
     *
     * @throws Exception to signal failure; it is logged and counted, and the listener keeps receiving events
     */
    void on(ChannelEvent<T> event) throws Exception;
}
