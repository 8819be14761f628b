package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.bus.EventHandler;
import daz.api.bus.NoResponderException;
import daz.api.bus.RequestTimeoutException;
import daz.api.bus.ResponderException;
import daz.api.command.Command;
import daz.api.command.CommandOrigin;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.sql.DatabaseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandDispatcherTest {

    /** What the bot said: where and what. */
    record Said(CommandOrigin origin, String user, String text) {}

    private final List<CommandRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Said> said = new CopyOnWriteArrayList<>();
    private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    private Function<CommandRequest, CompletionStage<Object>> responder =
            r -> CompletableFuture.completedFuture(new CommandReply("reply to " + r.command()));
    private long now = 1_000_000;
    private CommandDispatcher dispatcher;
    private CommandRegistry registry;

    @BeforeEach
    void setUp() {
        registry = new CommandRegistry("!", List.of("Boss"), Duration.ofSeconds(5), () -> now);
        registry.add("help", describe(Map.of(EventHandler.TOPICS, "command.help", Command.ALIASES, "h")));
        registry.add("skip", describe(Map.of(EventHandler.TOPICS, "command.skip", Command.MIN_RANK, 2)));
        registry.add("roll", describe(Map.of(EventHandler.TOPICS, "command.roll", Command.COOLDOWN, 30)));
        CommandDispatcher.Transport transport = new CommandDispatcher.Transport() {
            @Override
            public CompletionStage<Object> request(String topic, CommandRequest request, Duration timeout) {
                assertThat(topic).isEqualTo("command." + request.command());
                requests.add(request);
                return responder.apply(request);
            }

            @Override
            public void say(String channel, CommandOrigin origin, String user, String text) {
                said.add(new Said(origin, user, text));
            }
        };
        dispatcher = new CommandDispatcher(registry, transport, audit::add, () -> now);
    }

    private static List<daz.api.command.CommandInfo> describe(Map<String, Object> properties) {
        return CommandRegistry.describe(properties::get, "test");
    }

    private Outcome chat(String user, String text, int rank) {
        return dispatcher.handle("chan", user, text, CommandOrigin.CHAT, () -> rank);
    }

    @Test
    void aChatCommandIsAnsweredInChat() {
        assertThat(chat("alice", "!help  uptime", 0)).isEqualTo(Outcome.DISPATCHED);
        assertThat(requests)
                .containsExactly(
                        new CommandRequest("chan", "alice", 0, false, "help", "help", "uptime", CommandOrigin.CHAT));
        assertThat(said).containsExactly(new Said(CommandOrigin.CHAT, "alice", "reply to help"));
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("ok");
            assertThat(a.command()).isEqualTo("help");
            assertThat(a.args()).isEqualTo("uptime");
            assertThat(a.origin()).isEqualTo("chat");
        });
    }

    @Test
    void aPmCommandIsAnsweredByPmToTheCaller() {
        dispatcher.handle("chan", "bob", "!help", CommandOrigin.PM, () -> 0);
        assertThat(said).containsExactly(new Said(CommandOrigin.PM, "bob", "reply to help"));
    }

    @Test
    void anAliasRunsTheCommandUnderItsName() {
        chat("alice", "!H", 0);
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.command()).isEqualTo("help");
            assertThat(r.invokedAs()).isEqualTo("h");
        });
    }

    @Test
    void unknownCommandsAndBarePrefixesGetNoAnswer() {
        assertThat(chat("alice", "!nope", 0)).isEqualTo(Outcome.UNKNOWN);
        assertThat(chat("alice", "!", 0)).isEqualTo(Outcome.IGNORED);
        assertThat(chat("alice", "hello !help", 0)).isEqualTo(Outcome.IGNORED);
        assertThat(said).isEmpty();
        assertThat(audit).isEmpty();
    }

    @Test
    void aTooLowRankIsRefusedWithOneAnswerForRepeatedAttempts() {
        assertThat(chat("guest", "!skip", 0)).isEqualTo(Outcome.DENIED);
        assertThat(chat("guest", "!skip", 0)).isEqualTo(Outcome.DENIED);
        assertThat(chat("guest", "!skip", 0)).isEqualTo(Outcome.DENIED);
        assertThat(requests).isEmpty();
        assertThat(said).containsExactly(new Said(CommandOrigin.CHAT, "guest", "guest: !skip needs rank 2."));
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("denied", "denied", "denied");
    }

    @Test
    void theRefusalIsRepeatedOnceTheSilenceIsOver() {
        chat("guest", "!skip", 0);
        now += 61_000;
        chat("guest", "!skip", 0);
        assertThat(said).hasSize(2);
    }

    @Test
    void aHighEnoughRankOrAnAdminMayUseIt() {
        assertThat(chat("mod", "!skip", 2)).isEqualTo(Outcome.DISPATCHED);
        assertThat(chat("boss", "!skip", 0)).isEqualTo(Outcome.DISPATCHED);
        assertThat(requests).extracting(CommandRequest::admin).containsExactly(false, true);
    }

    @Test
    void aCooldownRefusesOnceThenStaysSilentUntilItEnds() {
        assertThat(chat("alice", "!roll", 0)).isEqualTo(Outcome.DISPATCHED);
        now += 1_000;
        assertThat(chat("alice", "!roll", 0)).isEqualTo(Outcome.COOLDOWN);
        assertThat(chat("alice", "!roll", 0)).isEqualTo(Outcome.COOLDOWN);
        assertThat(said)
                .containsExactly(
                        new Said(CommandOrigin.CHAT, "alice", "reply to roll"),
                        new Said(CommandOrigin.CHAT, "alice", "alice: !roll again in 29 s."));
        now += 29_000;
        assertThat(chat("alice", "!roll", 0)).isEqualTo(Outcome.DISPATCHED);
    }

    @Test
    void cooldownsArePerUser() {
        chat("alice", "!roll", 0);
        assertThat(chat("bob", "!roll", 0)).isEqualTo(Outcome.DISPATCHED);
    }

    @Test
    void aFlooderGetsAtMostTheLimitAndOneNotice() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            outcomes.add(chat("flood", "!help", 0));
            now += 33;
        }
        assertThat(requests).hasSize(5);
        assertThat(outcomes.stream().filter(o -> o == Outcome.SPAM)).hasSize(25);
        assertThat(said.stream().filter(s -> s.text().contains("slow down"))).hasSize(1);
        assertThat(said).hasSize(6);
    }

    @Test
    void aFailingHandlerGetsOneShortAnswer() {
        responder = r -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
        chat("alice", "!help", 0);
        assertThat(said).containsExactly(new Said(CommandOrigin.CHAT, "alice", "alice: !help failed."));
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("failed");
    }

    @Test
    void aPluginWhoseSchemaIsNotMigratedYetSaysSo() {
        DatabaseException notReady = new DatabaseException("schema not ready", DatabaseException.NOT_READY, null);
        responder = r -> CompletableFuture.failedFuture(
                new ResponderException("command.help", "daz.plugin.help", "failed", notReady));
        chat("alice", "!help", 0);
        assertThat(said)
                .containsExactly(
                        new Said(CommandOrigin.CHAT, "alice", "alice: !help is getting ready; try again in a moment."));
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("not ready");
    }

    @Test
    void aHandlerThatWentAwayGetsNoAnswer() {
        responder = r -> CompletableFuture.failedFuture(new NoResponderException("command.help", "nobody"));
        chat("alice", "!help", 0);
        assertThat(said).isEmpty();
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("gone");
    }

    @Test
    void aCommandAskedWhileItsPluginIsUpdatedIsSentAndAnsweredOnceWhenThePluginIsBack() {
        CompletableFuture<Object> held = new CompletableFuture<>();
        responder = r -> held;
        registry.remove("help");
        now += 1_000;
        assertThat(chat("alice", "!h", 0)).isEqualTo(Outcome.DISPATCHED);
        assertThat(requests)
                .singleElement()
                .satisfies(r -> assertThat(r.command()).isEqualTo("help"));
        assertThat(said).isEmpty();

        registry.add("help again", describe(Map.of(EventHandler.TOPICS, "command.help", Command.ALIASES, "h")));
        held.complete(new CommandReply("the commands"));
        assertThat(said).containsExactly(new Said(CommandOrigin.CHAT, "alice", "the commands"));
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("ok");
    }

    @Test
    void aCommandWhosePluginIsNotBackWithinTheTimeoutGetsOneClearAnswer() {
        responder = r -> CompletableFuture.failedFuture(
                new RequestTimeoutException("command.help", Duration.ofSeconds(5), "no reply"));
        registry.remove("help");
        chat("alice", "!help", 0);
        assertThat(said)
                .containsExactly(
                        new Said(CommandOrigin.CHAT, "alice", "alice: !help is being updated; try again in a moment."));
        assertThat(audit).extracting(AuditEntry::outcome).containsExactly("updating");
    }

    @Test
    void aCommandWhoseHeldRequestsTheBusLetGoGetsTheSameAnswerByPm() {
        responder = r -> CompletableFuture.failedFuture(new NoResponderException("command.help", "nobody"));
        registry.remove("help");
        dispatcher.handle("chan", "bob", "!help", CommandOrigin.PM, () -> 0);
        assertThat(said)
                .containsExactly(new Said(CommandOrigin.PM, "bob", "!help is being updated; try again in a moment."));
    }

    @Test
    void aCommandGoneForLongerThanTheTimeoutIsUnknownAndSilent() {
        registry.remove("help");
        now += 5_000;
        assertThat(chat("alice", "!help", 0)).isEqualTo(Outcome.UNKNOWN);
        assertThat(requests).isEmpty();
        assertThat(said).isEmpty();
        assertThat(audit).isEmpty();
    }

    @Test
    void aServedCommandThatTimesOutSaysItDidNotAnswerInTime() {
        responder = r -> CompletableFuture.failedFuture(
                new RequestTimeoutException("command.help", Duration.ofSeconds(5), "no reply"));
        chat("alice", "!help", 0);
        assertThat(said).containsExactly(new Said(CommandOrigin.CHAT, "alice", "alice: !help did not answer in time."));
    }

    @Test
    void waitsForTheCommandsInFlightToBeAnswered() throws InterruptedException {
        CompletableFuture<Object> pending = new CompletableFuture<>();
        responder = r -> pending;
        chat("alice", "!help", 0);
        assertThat(dispatcher.awaitAnswered(Duration.ZERO)).isFalse();
        pending.complete(new CommandReply("done"));
        assertThat(dispatcher.awaitAnswered(Duration.ZERO)).isTrue();
        assertThat(said).containsExactly(new Said(CommandOrigin.CHAT, "alice", "done"));
    }

    @Test
    void anEmptyReplySaysNothing() {
        responder = r -> CompletableFuture.completedFuture(CommandReply.SILENT);
        chat("alice", "!help", 0);
        assertThat(said).isEmpty();
    }

    @Test
    void longArgumentsAreCutInTheAuditButPassedWhole() {
        String args = "x".repeat(1_000);
        chat("alice", "!help " + args, 0);
        assertThat(requests.get(0).args()).hasSize(1_000);
        assertThat(audit.get(0).args()).hasSize(500);
    }

    @Test
    void aThrowingAuditDoesNotStopTheCommand() {
        CommandRegistry registry = new CommandRegistry("!", List.of());
        registry.add("help", describe(Map.of(EventHandler.TOPICS, "command.help")));
        List<String> out = new ArrayList<>();
        CommandDispatcher failing = new CommandDispatcher(
                registry,
                new CommandDispatcher.Transport() {
                    @Override
                    public CompletionStage<Object> request(String topic, CommandRequest request, Duration timeout) {
                        return CompletableFuture.completedFuture("fine");
                    }

                    @Override
                    public void say(String channel, CommandOrigin origin, String user, String text) {
                        out.add(text);
                    }
                },
                entry -> {
                    throw new IllegalStateException("db down");
                },
                () -> now);
        failing.handle("chan", "alice", "!help", CommandOrigin.CHAT, () -> 0);
        assertThat(out).containsExactly("fine");
    }

    @Test
    void anEditAppliesToTheNextLineAndLeavesTheCommandInFlightAlone() {
        CompletableFuture<Object> inFlight = new CompletableFuture<>();
        responder = r -> inFlight;
        assertThat(chat("alice", "!help", 0)).isEqualTo(Outcome.DISPATCHED);

        registry.configure(CommandSettings.of(
                "$",
                List.of("Alice"),
                new CommandDispatcher.Limits(
                        3, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5), 4)));
        responder = r -> CompletableFuture.completedFuture(new CommandReply("reply to " + r.command()));
        assertThat(chat("alice", "!help", 0)).isEqualTo(Outcome.IGNORED);
        assertThat(chat("alice", "$skip longer", 0)).as("alice is an admin now").isEqualTo(Outcome.DISPATCHED);
        assertThat(audit.get(0).args()).as("audit args cut at the new maximum").isEqualTo("long");
        assertThat(chat("alice", "$help", 0)).isEqualTo(Outcome.DISPATCHED);
        assertThat(chat("alice", "$help", 0))
                .as("3 per window now, with the line before the edit")
                .isEqualTo(Outcome.SPAM);
        assertThat(chat("boss", "$skip", 0)).as("boss is no admin any more").isEqualTo(Outcome.DENIED);
        assertThat(said).extracting(Said::text).contains("boss: $skip needs rank 2.");

        inFlight.complete(new CommandReply("the first answer"));
        assertThat(said).extracting(Said::text).contains("the first answer");
    }
}
