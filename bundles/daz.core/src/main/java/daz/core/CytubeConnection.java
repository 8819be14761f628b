package daz.core;

import daz.api.bus.EventBus;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.OutgoingChat;
import daz.api.cytube.OutgoingPrivateMessage;
import daz.api.sql.Database;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot in one CyTube channel: one component per {@code daz.core.channel} configuration. It builds the channel's
 * parts ({@link CytubeChannel} with its {@link Outbox}, the {@link ChannelLink} with its {@link ReconnectScheduler},
 * {@link ReconnectStateKeeper} and {@link SocketIoSession}s), then publishes the channel (registry, then the
 * {@link ChannelState} service), then starts the link; deactivation undoes it in reverse and returns within about
 * 2 s whatever the link is doing.
 *
 * <p>The ChannelState service is registered by hand, not by DS, so that the configuration (password included) does
 * not become public service properties. The password is read in {@link ChannelSettings} only and used for the login
 * frame only; it is never logged.
 */
@Component(
        configurationPid = ChannelConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {},
        immediate = true)
@Designate(ocd = ChannelConfiguration.class, factory = true)
public class CytubeConnection {

    private static final Logger LOG = LoggerFactory.getLogger(CytubeConnection.class);

    private static final int QUEUE_CAPACITY = 10_000;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** While the server cannot be reached at all, discovery is probed this often (less up to 40% jitter). */
    static final long PROBE_MILLIS = 1000;

    private final ChannelSettings settings;
    private final ChannelRegistry registry;
    private final ConnectionStatus status;
    private final CytubeChannel channel;
    private final OutboundWriter writer;
    private final ReconnectStateKeeper keeper;
    private final ChannelLink link;
    private final boolean registered;
    private volatile Database database;
    private ServiceRegistration<ChannelState> registration;

    @Activate
    public CytubeConnection(
            ChannelConfiguration config,
            @Reference EventBus bus,
            @Reference ChannelRegistry registry,
            @Reference ConnectionThrottle throttle,
            BundleContext context) {
        this.settings = ChannelSettings.from(config);
        this.registry = registry;
        String name = settings.channel();
        ReconnectPolicy policy = new ReconnectPolicy(
                Math.max(1, settings.reconnectAttempts()),
                settings.cooldown(),
                settings.backoffInitial(),
                settings.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.keeper = new ReconnectStateKeeper(
                name,
                new ReconnectStateStore(() -> Optional.ofNullable(database), settings.server(), name),
                "daz-core-" + name + "-store");
        ReconnectScheduler scheduler =
                new ReconnectScheduler(policy, throttle, System::currentTimeMillis, keeper, PROBE_MILLIS);
        this.status = new ConnectionStatus(name, settings.user(), bus, scheduler::attempts);
        FrameCodec codec = new FrameCodec();
        ChannelData data = new ChannelData();
        long origin = System.nanoTime();
        this.writer = new OutboundWriter(
                name,
                codec,
                new OutboundPacer(0.15, 500),
                QUEUE_CAPACITY,
                () -> (System.nanoTime() - origin) / 1_000_000,
                WRITE_TIMEOUT);
        this.channel = new CytubeChannel(
                settings, data, status, new Outbox(settings, data, status, writer, bus, QUEUE_CAPACITY), bus);
        ScheduledThreadPoolExecutor linkThread = ChannelLink.linkThread(name);
        SessionContext sessions = new SessionContext(
                settings, codec, new EventTranslator(codec), data, bus, writer, status, policy, linkThread);
        this.link = new ChannelLink(sessions, scheduler, keeper, linkThread);

        // built: now published, then started
        if (settings.unconfigured()) {
            // an unfilled example file: no link, no service; the setup advice says what to write
            this.registered = false;
            status.change(Phase.UNCONFIGURED, Optional.empty(), Optional.of("no channel configured"));
            return;
        }
        this.registered = registry.add(channel);
        registration = context.registerService(ChannelState.class, channel, serviceProperties());
        if (!registered) {
            link.configurationError("channel " + name + " is configured twice; this configuration is ignored");
            return;
        }
        if (!settings.problems().isEmpty()) {
            link.configurationError(String.join("; ", settings.problems()));
            return;
        }
        writer.start("daz-core-" + name + "-writer");
        LOG.info(
                "Channel {}: starting, server {}, user {} ({})",
                name,
                settings.server(),
                settings.user(),
                settings.guest() ? "guest" : "registered");
        link.start();
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDatabase")
    void bindDatabase(Database db) {
        this.database = db;
        // an unfilled example file has no channel whose state could be read
        if (keeper != null && !settings.unconfigured()) {
            keeper.databaseAvailable();
        }
    }

    void unbindDatabase(Database db) {
        if (this.database == db) {
            this.database = null;
        }
    }

    @Deactivate
    void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        // the channel stays in the registry meanwhile: replies still queue on the writer, behind what is there
        link.stop();
        if (registered) {
            registry.retire(channel, this::stopWriter);
        } else {
            stopWriter();
        }
        keeper.stop(Duration.ofMillis(300));
        status.change(Phase.STOPPED, Optional.empty(), Optional.of("stopped"));
        LOG.info("Channel {}: stopped", settings.channel());
    }

    private void stopWriter() {
        List<OutboundLine> unsent = List.of();
        try {
            unsent = writer.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handOver(unsent);
    }

    /**
     * The lines this connection took but never started to write go back on the bus, in order, as the messages they
     * are part of: the {@link OutboundRouter} (or, once it is gone too, the bus for the next revision's router) holds
     * them until the channel's next connection takes them. A sender that asked for a receipt does not get one.
     */
    private void handOver(List<OutboundLine> unsent) {
        if (unsent.isEmpty()) {
            return;
        }
        LOG.info("Channel {}: stopping with {} lines not sent; handing them on", settings.channel(), unsent.size());
        EventBus bus = channel.bus();
        int lost = 0;
        for (OutboundLine line : unsent) {
            try {
                if (line.to().isPresent()) {
                    bus.publish(
                            OutgoingPrivateMessage.TOPIC,
                            new OutgoingPrivateMessage(
                                    settings.channel(), line.to().get(), line.text()));
                } else {
                    bus.publish(OutgoingChat.TOPIC, new OutgoingChat(settings.channel(), line.text()));
                }
            } catch (RuntimeException e) {
                lost++;
            }
        }
        if (lost > 0) {
            LOG.warn(
                    "Channel {}: stopping with {} lines not sent; the bus did not take them", settings.channel(), lost);
        }
    }

    private Dictionary<String, Object> serviceProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ChannelState.CHANNEL, settings.channel());
        properties.put("service.description", "CyTube channel " + settings.channel());
        return properties;
    }
}
