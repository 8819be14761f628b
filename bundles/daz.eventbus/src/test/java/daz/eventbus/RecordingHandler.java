package daz.eventbus;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records what it receives and on which thread; can be held at a gate to let its queue fill. */
class RecordingHandler implements EventHandler {

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);

    /** From now on the handler waits at the gate in each call until {@link #open()}. */
    RecordingHandler hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    void open() {
        gate.countDown();
    }

    @Override
    public void handle(Event event) throws Exception {
        entered.countDown();
        if (!gate.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }

    List<Object> payloads() {
        return events.stream().map(Event::payload).toList();
    }

    int count() {
        return events.size();
    }
}
