package daz.api.bus;

/** The responder to a request failed: it threw while handling the request or called {@link EventBus#fail}. */
public class ResponderException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String responder;

    /** The responder bundle {@code responder} failed on {@code topic} with {@code cause}. */
    public ResponderException(String topic, String responder, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.responder = responder;
    }

    /** The topic of the request. */
    public String topic() {
        return topic;
    }

    /** Symbolic name of the bundle whose handler failed. */
    public String responder() {
        return responder;
    }
}
