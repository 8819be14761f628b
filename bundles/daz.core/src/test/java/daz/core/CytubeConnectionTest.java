package daz.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import daz.api.bus.EventBus;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState.Phase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component's lifecycle: what it publishes, and a deactivation that does not wait for the network. */
class CytubeConnectionTest {

    private final EventBus bus = mock(EventBus.class);
    private final ChannelRegistry registry = new ChannelRegistry();
    private final BundleContext context = mock(BundleContext.class);

    @SuppressWarnings("unchecked")
    private final ServiceRegistration<ChannelState> registration = mock(ServiceRegistration.class);

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch requestArrived = new CountDownLatch(1);
    private ServerSocket silentServer;

    @AfterEach
    void close() throws IOException {
        if (silentServer != null) {
            silentServer.close();
        }
        for (Socket s : accepted) {
            s.close();
        }
    }

    /** A server that takes connections and never answers: discovery waits on it for its whole timeout (15 s). */
    private String silentServer() throws IOException {
        silentServer = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silentServer.accept());
                    requestArrived.countDown();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return "http://127.0.0.1:" + silentServer.getLocalPort();
    }

    @SuppressWarnings("unchecked")
    private CytubeConnection activate(String server) {
        when(context.registerService(eq(ChannelState.class), any(ChannelState.class), any()))
                .thenReturn(registration);
        return new CytubeConnection(
                TestChannels.configuration("server = " + server, "channel = lobby", "user = dazbot"),
                bus,
                registry,
                new ConnectionThrottle(),
                context);
    }

    @Test
    void deactivationReturnsWithinTwoSecondsWhileDiscoveryWaitsOnASilentServer() throws Exception {
        CytubeConnection connection = activate(silentServer());
        assertThat(requestArrived.await(30, TimeUnit.SECONDS))
                .as("discovery asked")
                .isTrue();

        assertTimeout(Duration.ofSeconds(2), connection::stop);

        verify(registration).unregister();
        assertThat(registry.find("lobby")).isEmpty();
    }

    @Test
    void theChannelIsPublishedOnceBuiltAndWithdrawnAtDeactivation() throws Exception {
        CytubeConnection connection = activate(silentServer());
        assertThat(registry.find("lobby")).isPresent();
        ChannelState published = registry.find("lobby").orElseThrow();
        verify(context).registerService(eq(ChannelState.class), eq(published), any());
        assertThat(published.connection().phase()).isIn(Phase.CONNECTING, Phase.WAITING);

        connection.stop();

        assertThat(published.connection().phase()).isEqualTo(Phase.STOPPED);
        assertThat(registry.all()).isEmpty();
    }
}
