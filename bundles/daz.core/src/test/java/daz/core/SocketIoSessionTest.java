package daz.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import daz.api.bus.EventBus;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.CytubeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The Socket.IO session against a fake WebSocket: what it writes for what the server sends, and what it reports. */
class SocketIoSessionTest {

    private static final String OPEN = "0{\"sid\":\"e1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
            + "\"maxPayload\":1000000}";
    private static final String USERLIST =
            "42[\"userlist\",[{\"name\":\"alice\",\"rank\":1,\"profile\":{\"image\":\"\",\"text\":\"\"},"
                    + "\"meta\":{\"afk\":false,\"muted\":false}}]]";

    /** A WebSocket that records what is written and always succeeds. */
    static final class FakeWire implements Wire {
        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile boolean open = true;
        volatile Duration idle;

        @Override
        public void send(String frame, Consumer<Boolean> done) {
            sent.add(frame);
            done.accept(open);
        }

        /** Whether the socket was left with the close handshake rather than dropped. */
        volatile boolean closedCleanly;

        @Override
        public boolean close(Duration wait) {
            closedCleanly = open;
            open = false;
            return true;
        }

        @Override
        public void disconnect() {
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void idleTimeout(Duration timeout) {
            idle = timeout;
        }
    }

    /** What the session reported, in order. */
    static final class Reports implements SessionListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch lost = new CountDownLatch(1);
        volatile Optional<String> kick = Optional.empty();

        @Override
        public void ready(SocketIoSession session) {
            calls.add("ready");
        }

        @Override
        public void lost(SocketIoSession session, String reason, Optional<String> kick, boolean wasReady) {
            this.kick = kick;
            calls.add("lost: " + reason + (wasReady ? " (was ready)" : ""));
            lost.countDown();
        }

        @Override
        public void configurationError(SocketIoSession session, String reason) {
            calls.add("configuration error: " + reason);
        }

        @Override
        public void rateLimited(SocketIoSession session) {
            calls.add("rate limited");
        }
    }

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final EventBus bus = mock(EventBus.class);
    private final FakeWire wire = new FakeWire();
    private final Reports reports = new Reports();
    private final List<OutboundWriter> writers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        timers.shutdownNow();
        for (OutboundWriter w : writers) {
            w.stop();
        }
    }

    private SocketIoSession session(String... configLines) {
        ChannelSettings settings = TestChannels.settings(configLines);
        FrameCodec codec = new FrameCodec();
        OutboundWriter writer = new OutboundWriter(
                "lobby", codec, new OutboundPacer(0.15, 500), 100, System::currentTimeMillis, Duration.ofSeconds(10));
        writers.add(writer);
        ConnectionStatus status = new ConnectionStatus("lobby", settings.user(), bus, () -> 0);
        ReconnectPolicy policy = new ReconnectPolicy(
                10, Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofMinutes(2), () -> 0.5);
        SessionContext context = new SessionContext(
                settings, codec, new EventTranslator(codec), new ChannelData(), bus, writer, status, policy, timers);
        SocketIoSession session = new SocketIoSession(context, reports, "127.0.0.1:8080");
        session.opened(wire);
        statuses = status;
        return session;
    }

    private ConnectionStatus statuses;

    private void receive(SocketIoSession session, String... frames) {
        for (String frame : frames) {
            session.text(frame, () -> {});
        }
    }

    @Test
    void theHandshakeJoinsThenLogsInOnceTheChannelHasLoadedAndIsThenReady() {
        SocketIoSession session =
                session("channel = lobby", "user = dazbot", "password = secret", "login.delay.ms = 60000");
        receive(session, OPEN);
        assertThat(wire.sent).containsExactly("40");
        assertThat(wire.idle).isEqualTo(Duration.ofMillis(25000 + 20000 + 10_000));

        receive(session, "40{\"sid\":\"s1\"}");
        assertThat(wire.sent).last().isEqualTo("42[\"joinChannel\",{\"name\":\"lobby\"}]");
        assertThat(statuses.phase()).isEqualTo(Phase.JOINING);

        receive(session, USERLIST);
        assertThat(wire.sent).last().isEqualTo("42[\"login\",{\"name\":\"dazbot\",\"pw\":\"secret\"}]");
        assertThat(statuses.phase()).isEqualTo(Phase.LOGGING_IN);
        assertThat(reports.calls).isEmpty();

        receive(session, "42[\"login\",{\"success\":true,\"name\":\"DazBot\"}]");
        assertThat(reports.calls).containsExactly("ready");
        assertThat(statuses.phase()).isEqualTo(Phase.READY);
    }

    @Test
    void closingClosesTheSocketWithTheHandshakeAndSaysNoNamespaceDisconnect() {
        SocketIoSession session = session("channel = lobby", "user = dazbot", "login.delay.ms = 60000");
        receive(session, OPEN, "40", USERLIST);
        session.close();
        // a 41 read by the server together with the last lines makes socket.io drop those lines
        assertThat(wire.sent).doesNotContain("41");
        assertThat(wire.closedCleanly)
                .as("closed with the handshake, not dropped")
                .isTrue();
        assertThat(reports.calls).as("a close is not reported as lost").isEmpty();
    }

    @Test
    void aLostSessionDropsItsSocket() {
        SocketIoSession session = session("channel = lobby", "user = dazbot");
        receive(session, OPEN, "40", "41");
        assertThat(wire.open).isFalse();
        assertThat(wire.closedCleanly).isFalse();
    }

    @Test
    void eventsThatComeAsTheLinkClosesAreNotReadButCounted() {
        SocketIoSession session = session("channel = lobby", "user = dazbot", "login.delay.ms = 60000");
        receive(session, OPEN, "40", USERLIST);
        session.close();
        receive(session, "42[\"pm\",{\"username\":\"alice\",\"msg\":\"!help\",\"to\":\"dazbot\",\"time\":3}]", "2");
        verify(bus, org.mockito.Mockito.never()).publish(eq("cytube.event.pm"), org.mockito.ArgumentMatchers.any());
        assertThat(session.unreadEvents()).isEqualTo(1);
    }

    @Test
    void pingsAreAnsweredWithTheirData() {
        SocketIoSession session = session("channel = lobby", "user = dazbot");
        receive(session, OPEN, "2probe");
        assertThat(wire.sent).containsExactly("40", "3probe");
    }

    @Test
    void chatBeforeTheUserlistIsPublishedAsReplayed() {
        SocketIoSession session = session("channel = lobby", "user = dazbot", "login.delay.ms = 60000");
        receive(session, OPEN, "40", "42[\"chatMsg\",{\"username\":\"alice\",\"msg\":\"old\",\"meta\":{},\"time\":1}]");
        receive(session, USERLIST, "42[\"chatMsg\",{\"username\":\"alice\",\"msg\":\"new\",\"meta\":{},\"time\":2}]");
        ArgumentCaptor<Object> payloads = ArgumentCaptor.forClass(Object.class);
        verify(bus, org.mockito.Mockito.atLeastOnce()).publish(eq("cytube.event.chatMsg"), payloads.capture());
        assertThat(payloads.getAllValues())
                .extracting(p -> ((CytubeEvent) p).replayed())
                .containsExactly(true, false);
    }

    @Test
    void aRateLimitRefusalIsReportedThenTheSessionIsLost() {
        SocketIoSession session = session("channel = lobby", "user = dazbot");
        receive(session, OPEN, "44{\"message\":\"Rate limit exceeded\"}");
        assertThat(reports.calls).containsExactly("rate limited", "lost: connection refused: Rate limit exceeded");
        assertThat(wire.open).isFalse();
    }

    @Test
    void aKickThenADisconnectIsLostWithTheKickReasonAndReportedOnce() {
        SocketIoSession session = session("channel = lobby", "user = dazbot");
        receive(session, OPEN, "40", "42[\"kick\",{\"reason\":\"Duplicate login\"}]", "41");
        session.closed(1000, "");
        assertThat(reports.calls).containsExactly("lost: the server closed the namespace");
        assertThat(reports.kick).hasValue("Duplicate login");
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorAndEndsTheSession() {
        SocketIoSession session = session("channel = lobby", "user = dazbot", "password = wrong");
        receive(session, OPEN, "40", USERLIST);
        receive(session, "42[\"login\",{\"success\":false,\"error\":\"Invalid username/password combination\"}]");
        assertThat(reports.calls)
                .containsExactly("configuration error: login as dazbot refused: Invalid username/password combination");
        assertThat(wire.open).isFalse();
        receive(session, "2");
        assertThat(wire.sent).doesNotContain("3");
    }

    @Test
    void malformedFramesAreSkippedAndTheSessionCarriesOn() {
        SocketIoSession session = session("channel = lobby", "user = dazbot");
        receive(session, OPEN, "4garbage", "42[\"chatMsg\",", "2");
        assertThat(wire.sent).containsExactly("40", "3");
        assertThat(reports.calls).isEmpty();
    }

    @Test
    void aSilentServerIsADeadLink() throws InterruptedException {
        SocketIoSession session = session("channel = lobby", "user = dazbot");
        receive(
                session,
                "0{\"sid\":\"e1\",\"upgrades\":[],\"pingInterval\":30,\"pingTimeout\":20,\"maxPayload\":1000000}");
        assertThat(reports.lost.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(reports.calls).containsExactly("lost: no ping from the server for 50 ms");
        verify(bus, org.mockito.Mockito.never()).publish(eq("cytube.event.kick"), any());
    }
}
