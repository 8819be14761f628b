package daz.eventfilter;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.command.AsyncCommandHandler;
import daz.api.command.CommandHandler;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus side of a {@link CommandHandler} or {@link AsyncCommandHandler}: subscribed to {@code command.<name>}, it
 * calls the handler with the request's {@link CommandRequest}, answers the request with what it returns, and tells
 * the plugin's {@link PluginActivity} how the call went. The plugin holds no bus and replies to nothing.
 */
final class BridgedCommand implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BridgedCommand.class);

    /** The call into the plugin: a stage of the answer text. */
    @FunctionalInterface
    interface Call {
        CompletionStage<String> answer(CommandRequest request) throws Exception;
    }

    /** How to answer the bus request (the EventFilter's bus). */
    interface Replies {
        void reply(Event request, CommandReply reply);

        void fail(Event request, Throwable cause);
    }

    private final String name;
    private final Call call;
    private final Replies replies;
    private final PluginActivity activity;

    BridgedCommand(String name, Call call, Replies replies, PluginActivity activity) {
        this.name = name;
        this.call = call;
        this.replies = replies;
        this.activity = activity;
    }

    static Call of(CommandHandler handler) {
        return request -> CompletableFuture.completedFuture(handler.answer(request));
    }

    static Call of(AsyncCommandHandler handler) {
        return handler::answer;
    }

    @Override
    public void handle(Event event) throws Exception {
        if (!event.isRequest() || !(event.payload() instanceof CommandRequest request)) {
            LOG.debug("command {}: ignored an event that is no command request ({})", name, event.topic());
            return;
        }
        CompletionStage<String> answer;
        try {
            answer = call.answer(request);
            if (answer == null) {
                throw new IllegalStateException("the command returned no stage");
            }
        } catch (Exception | LinkageError e) {
            // thrown to the bus, which fails the request, logs and counts the handler's error
            activity.failed("!" + name, e);
            throw e instanceof Exception ex ? ex : new IllegalStateException(e);
        }
        answer.whenComplete((text, failure) -> {
            if (failure == null) {
                activity.succeeded();
                replies.reply(event, new CommandReply(text == null ? "" : text));
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            activity.failed("!" + name, cause);
            replies.fail(event, cause);
        });
    }
}
