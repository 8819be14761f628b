package daz.api.command;

import java.util.concurrent.CompletionStage;

/**
 * A chat command whose answer takes time (a database query, a web request): like {@link CommandHandler}, but
 * {@link #answer} returns at once with a stage that completes with the text later. Register it as a service described
 * by {@link Command}. A stage that does not complete within the EventFilter's command timeout is answered with a
 * short "did not answer in time".
 */
@FunctionalInterface
public interface AsyncCommandHandler {

    /**
     * Starts answering one use of the command.
     *
     * @param request who asked, where, with which arguments
     * @return completes with the text to say (empty says nothing), or exceptionally when the command fails
     */
    CompletionStage<String> answer(CommandRequest request);
}
