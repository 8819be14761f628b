package daz.eventbus;

/**
 * What the bus holds for one durable name.
 *
 * @param name the durable name
 * @param live whether a handler is there now (else its events are held for the next one)
 * @param handler the handler's bundle and service id (the last one's, while held)
 * @param held events queued for it now
 * @param dropped events dropped, oldest first, because more were held than the bound allows
 */
record DurableMetrics(String name, boolean live, String handler, int held, long dropped) {}
