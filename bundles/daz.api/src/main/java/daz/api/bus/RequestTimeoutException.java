package daz.api.bus;

import java.time.Duration;

/** No reply came within the request's timeout; a reply arriving later is dropped. */
public class RequestTimeoutException extends EventBusException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Duration timeout;

    /** The request on {@code topic} got no reply within {@code timeout}. */
    public RequestTimeoutException(String topic, Duration timeout, String message) {
        super(message);
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The topic of the request. */
    public String topic() {
        return topic;
    }

    /** How long the requester waited. */
    public Duration timeout() {
        return timeout;
    }
}
