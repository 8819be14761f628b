package daz.api.bus;

/** Base of the failures the bus reports, mostly as the exceptional completion of a {@link EventBus#request}. */
public class EventBusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public EventBusException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public EventBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
