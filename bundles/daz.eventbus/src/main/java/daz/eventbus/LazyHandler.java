package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A handler service fetched on its first event rather than when the bus binds it. Binding eagerly would activate a
 * handler component while the bus itself is being bound, and a handler that references the EventBus (to reply, to
 * publish) would then need the bus in the middle of its own binding: SCR sees a cycle and activates neither.
 */
final class LazyHandler implements EventHandler {

    private final ComponentServiceObjects<EventHandler> objects;
    private volatile EventHandler instance;
    private volatile boolean released;

    LazyHandler(ComponentServiceObjects<EventHandler> objects) {
        this.objects = objects;
    }

    @Override
    public void handle(Event event) throws Exception {
        EventHandler handler = instance;
        if (handler == null) {
            handler = fetch();
        }
        handler.handle(event);
    }

    private synchronized EventHandler fetch() {
        if (instance == null) {
            if (released) {
                throw new IllegalStateException("the handler service is gone");
            }
            EventHandler service = objects.getService();
            if (service == null) {
                throw new IllegalStateException("the handler service could not be activated (see the log of SCR)");
            }
            instance = service;
        }
        return instance;
    }

    /** Gives the service back if {@code handler} is a lazily fetched one; nothing otherwise. */
    static void release(EventHandler handler) {
        if (handler instanceof LazyHandler lazy) {
            lazy.release();
        }
    }

    /** Gives the service back, once; the bus calls it when the handler unregisters. */
    synchronized void release() {
        released = true;
        if (instance != null) {
            try {
                objects.ungetService(instance);
            } catch (IllegalStateException alreadyGone) {
                // the providing bundle stopped first
            }
            instance = null;
        }
    }
}
