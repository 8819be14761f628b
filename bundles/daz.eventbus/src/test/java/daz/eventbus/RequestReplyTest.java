package daz.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.EventHandler;
import daz.api.bus.NoResponderException;
import daz.api.bus.RequestTimeoutException;
import daz.api.bus.ResponderException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestReplyTest {

    private final TestBus bus = new TestBus();
    private final EventBusImpl requester = bus.busFor("daz.plugin.usertracker");
    private final EventBusImpl responder = bus.busFor("daz.sql");

    @AfterEach
    void stopBus() {
        bus.close();
    }

    private static Event replyOf(CompletionStage<Event> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletionStage<Event> stage) {
        CompletableFuture<Event> future = stage.toCompletableFuture();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return failure.getCause();
    }

    @Test
    void replyCompletesTheRequestWithTheResponderAsSource() throws Exception {
        bus.register("daz.sql", e -> responder.reply(e, "rows for " + e.payload()), "sql.query");

        Event reply = replyOf(requester.request("sql.query", "select 1"));

        assertThat(reply.payload()).isEqualTo("rows for select 1");
        assertThat(reply.source()).isEqualTo("daz.sql");
        assertThat(reply.target()).contains("daz.plugin.usertracker");
        assertThat(reply.correlationId()).isPresent();
    }

    @Test
    void requestCarriesCorrelationIdAndReplyTo() throws Exception {
        bus.register(
                "daz.sql",
                e -> {
                    assertThat(e.isRequest()).isTrue();
                    assertThat(e.replyTo()).contains("daz.plugin.usertracker");
                    assertThat(e.correlationId()).contains(e.id());
                    responder.reply(e, "ok");
                },
                "sql.query");

        assertThat(replyOf(requester.request("sql.query", "q")).payload()).isEqualTo("ok");
    }

    @Test
    void requestNobodyServesFailsAtOnceWithNoResponder() {
        CompletionStage<Event> stage = requester.request("sql.nothing", "q");

        assertThat(stage.toCompletableFuture().isCompletedExceptionally()).isTrue();
        assertThat(failureOf(stage))
                .isInstanceOf(NoResponderException.class)
                .hasMessageContaining("sql.nothing")
                .hasMessageContaining("daz.plugin.usertracker");
    }

    @Test
    void requestWithoutReplyTimesOut() {
        bus.register("daz.sql", e -> {}, "sql.query");

        CompletionStage<Event> stage = requester.request("sql.query", "q", Duration.ofMillis(50));

        assertThat(failureOf(stage)).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("sql.query");
        assertThat(bus.dispatcher.metrics().timeouts()).isEqualTo(1);
    }

    @Test
    void replyAfterTheTimeoutIsDroppedAndCounted() {
        RecordingHandler silent = new RecordingHandler();
        bus.register("daz.sql", silent, "sql.query");
        CompletionStage<Event> stage = requester.request("sql.query", "q", Duration.ofMillis(20));
        assertThat(failureOf(stage)).isInstanceOf(RequestTimeoutException.class);
        await("request delivered").until(() -> silent.count() == 1);

        boolean delivered = responder.reply(silent.events.get(0), "too late");

        assertThat(delivered).isFalse();
        assertThat(bus.dispatcher.metrics().lateReplies()).isEqualTo(1);
        assertThat(bus.dispatcher.metrics().pendingRequests()).isZero();
    }

    @Test
    void responderThatThrowsFailsTheRequestWithTheCause() {
        bus.register(
                "daz.sql",
                e -> {
                    throw new IllegalStateException("database down");
                },
                "sql.query");

        Throwable failure = failureOf(requester.request("sql.query", "q"));

        assertThat(failure).isInstanceOf(ResponderException.class).hasMessageContaining("sql.query");
        assertThat(failure.getCause()).hasMessage("database down");
        assertThat(((ResponderException) failure).responder()).isEqualTo("daz.sql");
    }

    @Test
    void syncResponderThatThrowsFailsTheRequestToo() {
        bus.register(
                "daz.sql",
                e -> {
                    throw new IllegalStateException("bad query");
                },
                Map.of(EventHandler.TOPICS, "sql.query", EventHandler.DELIVERY, "sync"));

        assertThat(failureOf(requester.request("sql.query", "q"))).isInstanceOf(ResponderException.class);
    }

    @Test
    void responderCanFailARequestWithAMessage() {
        bus.register("daz.sql", e -> responder.fail(e, "no such table"), "sql.query");

        Throwable failure = failureOf(requester.request("sql.query", "q"));

        assertThat(failure).isInstanceOf(ResponderException.class).hasMessageContaining("no such table");
    }

    @Test
    void firstAnswerWinsAndASecondIsDropped() throws Exception {
        bus.register(
                "daz.sql",
                e -> {
                    assertThat(responder.reply(e, "first")).isTrue();
                    assertThat(responder.reply(e, "second")).isFalse();
                },
                Map.of(EventHandler.TOPICS, "sql.query", EventHandler.DELIVERY, "sync"));

        assertThat(replyOf(requester.request("sql.query", "q")).payload()).isEqualTo("first");
        assertThat(bus.dispatcher.metrics().lateReplies()).isEqualTo(1);
    }

    @Test
    void aCopyOfTheRequestCannotAnswerIt() {
        RecordingHandler handler = new RecordingHandler();
        bus.register("daz.sql", handler, "sql.query");
        CompletionStage<Event> stage = requester.request("sql.query", "q", Duration.ofSeconds(5));
        await("request delivered").until(() -> handler.count() == 1);
        Event real = handler.events.get(0);
        Event forged = new Event(
                real.id(),
                real.topic(),
                real.payload(),
                real.source(),
                real.target(),
                real.correlationId(),
                real.replyTo(),
                real.timestamp(),
                real.nanoTime(),
                real.priority(),
                real.tags(),
                real.loggable());

        assertThat(responder.reply(forged, "forged")).isFalse();
        assertThat(stage.toCompletableFuture().isDone()).isFalse();
        assertThat(responder.reply(real, "real")).isTrue();
    }

    @Test
    void replyingToAnEventThatIsNoRequestIsAnError() {
        RecordingHandler handler = new RecordingHandler();
        bus.register("a", handler, Map.of(EventHandler.TOPICS, "t", EventHandler.DELIVERY, "sync"));
        requester.publish("t", "x");

        assertThatThrownBy(() -> responder.reply(handler.events.get(0), "y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void releasingABundlesBusAbandonsItsRequestsAndRefusesFurtherUse() {
        bus.register("daz.sql", e -> {}, "sql.query");
        CompletionStage<Event> stage = requester.request("sql.query", "q");

        requester.deactivate();

        assertThat(failureOf(stage)).isInstanceOf(CancellationException.class);
        assertThat(bus.dispatcher.metrics().pendingRequests()).isZero();
        assertThatThrownBy(() -> requester.publish("t", "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defaultTimeoutComesFromConfiguration() {
        try (TestBus configured = new TestBus(Map.of("requestTimeoutMillis", 30L))) {
            configured.register("daz.sql", e -> {}, "sql.query");
            EventBus bus = configured.busFor("a");

            assertThat(failureOf(bus.request("sql.query", "q"))).isInstanceOf(RequestTimeoutException.class);
        }
    }

    @Test
    void callerCannotCompleteOrCancelTheRequestForEveryone() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        bus.register("daz.sql", handler, "sql.query");
        CompletionStage<Event> stage = requester.request("sql.query", "q", Duration.ofSeconds(5));

        stage.toCompletableFuture().cancel(true);
        await("request delivered").until(() -> handler.count() == 1);
        responder.reply(handler.events.get(0), "answer");

        assertThat(replyOf(stage).payload()).isEqualTo("answer");
    }

    @Test
    void stoppingTheBusCancelsWaitingRequests() {
        TestBus other = new TestBus();
        other.register("daz.sql", e -> {}, "sql.query");
        CompletionStage<Event> stage = other.busFor("a").request("sql.query", "q");

        other.close();

        assertThat(failureOf(stage)).isInstanceOf(CancellationException.class);
    }
}
