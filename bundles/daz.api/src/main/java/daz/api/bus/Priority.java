package daz.api.bus;

/**
 * How urgently an event is to be delivered. {@link #HIGH} events overtake {@link #NORMAL} ones waiting in a handler's
 * queue; order is kept among events of the same priority.
 */
public enum Priority {
    /** The default: delivered in publishing order. */
    NORMAL,
    /** Delivered before any {@link #NORMAL} event still waiting in the same handler's queue. */
    HIGH
}
