package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import daz.api.bus.Event;
import daz.api.command.AsyncCommandHandler;
import daz.api.command.CommandHandler;
import daz.api.command.CommandOrigin;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.status.PluginStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BridgedCommandTest {

    private final List<Object> answers = new ArrayList<>();
    private final PluginActivity activity =
            new PluginActivity("daz.plugin.test", Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC));

    private final BridgedCommand.Replies replies = new BridgedCommand.Replies() {
        @Override
        public void reply(Event request, CommandReply reply) {
            answers.add(reply);
        }

        @Override
        public void fail(Event request, Throwable cause) {
            answers.add(cause);
        }
    };

    private static Event request(String args) {
        CommandRequest payload =
                new CommandRequest("chan", "alice", 1, false, "echo", "echo", args, CommandOrigin.CHAT);
        return TestEvents.request("command.echo", payload, "daz.eventfilter");
    }

    private BridgedCommand bridge(CommandHandler handler) {
        return new BridgedCommand("echo", BridgedCommand.of(handler), replies, activity);
    }

    @Test
    void answersTheRequestWithWhatTheHandlerReturns() throws Exception {
        bridge(request -> request.caller() + " said " + request.args()).handle(request("hi"));
        assertThat(answers).containsExactly(new CommandReply("alice said hi"));
        assertThat(activity.status().eventsHandled()).isEqualTo(1);
        assertThat(activity.status().state()).isEqualTo(PluginStatus.State.RUNNING);
    }

    @Test
    void aNullAnswerSaysNothing() throws Exception {
        bridge(request -> null).handle(request(""));
        assertThat(answers).containsExactly(CommandReply.SILENT);
    }

    @Test
    void aThrowingHandlerIsThrownToTheBusAndCountedAsAFailure() {
        BridgedCommand command = bridge(request -> {
            throw new IllegalArgumentException("no such user");
        });
        assertThatThrownBy(() -> command.handle(request("x"))).hasMessage("no such user");
        PluginStatus status = activity.status();
        assertThat(status.state()).isEqualTo(PluginStatus.State.DEGRADED);
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.lastError()).contains("!echo: IllegalArgumentException no such user");
        assertThat(status.lastErrorAt()).contains(Instant.ofEpochSecond(1000));
    }

    @Test
    void aSuccessAfterAFailureIsRunningAgainWithTheErrorKept() throws Exception {
        BridgedCommand failing = bridge(request -> {
            throw new IllegalStateException("down");
        });
        assertThatThrownBy(() -> failing.handle(request(""))).isInstanceOf(IllegalStateException.class);
        bridge(request -> "ok").handle(request(""));
        PluginStatus status = activity.status();
        assertThat(status.state()).isEqualTo(PluginStatus.State.RUNNING);
        assertThat(status.eventsHandled()).isEqualTo(2);
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.lastError()).isPresent();
    }

    @Test
    void anAsyncAnswerIsRepliedWhenItCompletes() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        AsyncCommandHandler handler = request -> later;
        new BridgedCommand("echo", BridgedCommand.of(handler), replies, activity).handle(request(""));
        assertThat(answers).isEmpty();
        later.complete("done");
        assertThat(answers).containsExactly(new CommandReply("done"));
    }

    @Test
    void anAsyncFailureFailsTheRequestWithItsCause() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        AsyncCommandHandler handler = request -> later.thenApply(s -> s);
        new BridgedCommand("echo", BridgedCommand.of(handler), replies, activity).handle(request(""));
        IllegalStateException cause = new IllegalStateException("upstream 503");
        later.completeExceptionally(cause);
        assertThat(answers).containsExactly(cause);
        assertThat(activity.status().failures()).isEqualTo(1);
    }

    @Test
    void ignoresAnEventThatIsNoRequest() throws Exception {
        Event notARequest = TestEvents.published("command.echo", "text", "x");
        bridge(request -> "never").handle(notARequest);
        assertThat(answers).isEmpty();
        assertThat(activity.status().eventsHandled()).isZero();
    }
}
