package daz.api.bus;

/** A request found nobody to answer it: no handler serves the topic, or every handler's queue was full. */
public class NoResponderException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String topic;

    /** No responder for {@code topic}, as {@code message} explains. */
    public NoResponderException(String topic, String message) {
        super(message);
        this.topic = topic;
    }

    /** The topic of the request. */
    public String topic() {
        return topic;
    }
}
