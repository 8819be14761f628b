package daz.sql.logger;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.PublishOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Records the replies the logger gives; nothing else is used. */
final class FakeBus implements EventBus {

    record Reply(Event request, Object payload) {}

    final List<Reply> replies = new ArrayList<>();

    @Override
    public boolean reply(Event request, Object payload) {
        replies.add(new Reply(request, payload));
        return true;
    }

    @Override
    public Event publish(String topic, Object payload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Event publish(String topic, Object payload, PublishOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Event send(String target, String topic, Object payload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Event send(String target, String topic, Object payload, PublishOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Event> request(String topic, Object payload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Event> request(String topic, Object payload, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean fail(Event request, Throwable cause) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean fail(Event request, String message) {
        throw new UnsupportedOperationException();
    }
}
