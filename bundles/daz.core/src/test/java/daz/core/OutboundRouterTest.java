package daz.core;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.bus.Priority;
import daz.api.cytube.OutgoingChat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router while {@code daz.core} is updated: replies for a channel that is not registered yet wait for it, in
 * order; past the hold time they are dropped and counted; what still waits when the router stops goes back on the
 * bus. The bus is a mock that delivers what is published to the router on the publisher's thread, as the real
 * bus does for this synchronous handler.
 */
class OutboundRouterTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final EventBus bus = mock(EventBus.class);
    private final ChannelRegistry registry = new ChannelRegistry();
    /** The test sweeps by hand, on the test clock; a sweeper thread of its own would race with it. */
    private final ScheduledExecutorService noSweeper = mock(ScheduledExecutorService.class);

    private final OutboundRouter router = new OutboundRouter(registry, bus, now::get, noSweeper);
    private final List<OutboundWriter> writers = new ArrayList<>();
    private final List<Event> republished = new ArrayList<>();
    private boolean routerRegistered = true;

    OutboundRouterTest() {
        when(bus.publish(anyString(), any())).thenAnswer(call -> {
            Event event = event(call.getArgument(0), call.getArgument(1), false);
            if (routerRegistered) {
                router.handle(event);
            } else {
                republished.add(event);
            }
            return event;
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (OutboundWriter writer : writers) {
            writer.stop();
        }
        router.stop();
    }

    private static Event event(String topic, Object payload, boolean request) {
        return new Event(
                "e" + System.nanoTime(),
                topic,
                payload,
                "test",
                Optional.empty(),
                Optional.empty(),
                request ? Optional.of("reply") : Optional.empty(),
                0,
                0,
                Priority.NORMAL,
                Set.of(),
                true);
    }

    private static Event chat(String channel, String text) {
        return event(OutgoingChat.TOPIC, new OutgoingChat(channel, text), false);
    }

    /** A channel whose writer is never started: what is sent stays in its queue, to be read by stopping it. */
    private record Parts(CytubeChannel channel, OutboundWriter writer) {
        List<String> queued() throws InterruptedException {
            return writer.stop().stream().map(OutboundLine::text).toList();
        }
    }

    private Parts channel(String name) {
        ChannelSettings settings = TestChannels.settings("channel = " + name, "user = dazbot");
        ChannelData data = new ChannelData();
        ConnectionStatus status = new ConnectionStatus(name, "dazbot", bus, () -> 0);
        OutboundWriter writer = new OutboundWriter(
                name, new FrameCodec(), new OutboundPacer(0.15, 500), 100, now::get, Duration.ofSeconds(10));
        writers.add(writer);
        return new Parts(
                new CytubeChannel(settings, data, status, new Outbox(settings, data, status, writer, bus, 100), bus),
                writer);
    }

    @Test
    void aReplyForAChannelNotYetRegisteredGoesOutWhenItRegistersBeforeNewerOnes() throws Exception {
        router.handle(chat("lobby", "one"));
        router.handle(chat("lobby", "two"));
        assertThat(router.held()).isEqualTo(2);

        Parts lobby = channel("lobby");
        registry.add(lobby.channel());
        router.handle(chat("lobby", "three"));

        assertThat(router.held()).isZero();
        assertThat(lobby.queued()).containsExactly("one", "two", "three");
    }

    @Test
    void aReplyThatWaitedPastTheHoldTimeIsDroppedCountedAndItsRequestFailed() {
        Event request = event(OutgoingChat.TOPIC, new OutgoingChat("nowhere", "hi"), true);
        router.handle(request);
        router.handle(chat("nowhere", "later"));
        verify(noSweeper, atLeastOnce())
                .schedule(any(Runnable.class), eq(OutboundRouter.HOLD_MILLIS), eq(MILLISECONDS));

        now.addAndGet(OutboundRouter.HOLD_MILLIS - 1);
        router.sweep();
        assertThat(router.dropped()).isZero();
        verify(bus, never()).fail(any(Event.class), anyString());
        verify(noSweeper).schedule(any(Runnable.class), eq(1L), eq(MILLISECONDS));

        now.addAndGet(1);
        router.sweep();
        assertThat(router.dropped()).isEqualTo(2);
        assertThat(router.held()).isZero();
        verify(bus).fail(eq(request), anyString());
    }

    @Test
    void aStoppingConnectionsLinesGoBeforeRepliesThatComeMeanwhileAndReachTheNextConnection() throws Exception {
        Parts old = channel("lobby");
        registry.add(old.channel());
        registry.retire(old.channel(), () -> {
            // what CytubeConnection does with the lines it never wrote: back on the bus
            bus.publish(OutgoingChat.TOPIC, new OutgoingChat("lobby", "unsent 1"));
            bus.publish(OutgoingChat.TOPIC, new OutgoingChat("lobby", "unsent 2"));
        });
        router.handle(chat("lobby", "meanwhile"));

        Parts next = channel("lobby");
        registry.add(next.channel());

        assertThat(next.queued()).containsExactly("unsent 1", "unsent 2", "meanwhile");
    }

    @Test
    void whatStillWaitsWhenTheRouterStopsGoesBackOnTheBusInOrder() {
        router.handle(chat("lobby", "one"));
        router.handle(chat("lobby", "two"));
        routerRegistered = false; // the router's service is gone before it is deactivated

        router.stop();

        assertThat(republished)
                .extracting(e -> ((OutgoingChat) e.payload()).text())
                .containsExactly("one", "two");
        assertThat(router.dropped()).isZero();
    }
}
