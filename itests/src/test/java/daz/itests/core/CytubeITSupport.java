package daz.itests.core;

import static org.junit.Assert.assertTrue;

import daz.api.bus.EventBus;
import daz.api.command.CommandCatalog;
import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import daz.itests.Await;
import daz.itests.DazTestSupport;
import daz.itests.cytube.CytubeStandin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Base of the daz.core integration tests: a fresh CyTube stand-in per test, channel configurations written as
 * {@code etc/daz.core.channel-<name>.cfg} (FileInstall hands them to ConfigAdmin, as in the runtime), every CyTube
 * and connection event recorded.
 */
public abstract class CytubeITSupport extends DazTestSupport {

    /** How long a plugin's schema may take to migrate on a first start. */
    private static final Duration SCHEMA_READY = Duration.ofSeconds(20);

    @Inject
    protected EventBus bus;

    protected CytubeStandin standin;
    protected EventRecorder events;
    private final List<String> channels = new ArrayList<>();

    /** Extra command-line options of the stand-in for this class. */
    protected String[] standinOptions() {
        return new String[0];
    }

    @Before
    public void startStandin() {
        standin = CytubeStandin.start(standinOptions());
        events = EventRecorder.register(context);
    }

    @After
    public void stopStandin() {
        for (String channel : channels) {
            removeChannel(channel);
        }
        events.unregister();
        standin.close();
    }

    /**
     * Puts the bot in {@code channel} with these configuration lines (server, channel, and short timings unless the
     * lines give their own).
     */
    protected void configureChannel(String channel, String... lines) {
        List<String> all = new ArrayList<>(List.of("server = " + standin.baseUrl(), "channel = " + channel));
        for (String timing : List.of("login.delay.ms = 200", "backoff.initial.ms = 300", "backoff.max.ms = 2000")) {
            String key = timing.substring(0, timing.indexOf(' '));
            if (Arrays.stream(lines).noneMatch(l -> l.startsWith(key + " ") || l.startsWith(key + "="))) {
                all.add(timing);
            }
        }
        all.addAll(Arrays.asList(lines));
        writeConfiguration(workDirectory(getClass()), "daz.core.channel-" + channel, all.toArray(String[]::new));
        if (!channels.contains(channel)) {
            channels.add(channel);
        }
    }

    /** Deletes the channel's file and waits for its connection to go. */
    protected void removeChannel(String channel) {
        try {
            Files.deleteIfExists(
                    workDirectory(getClass()).resolve("etc").resolve("daz.core.channel-" + channel + ".cfg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until(
                Duration.ofSeconds(15),
                "channel " + channel + " gone",
                () -> channelState(channel).isEmpty());
    }

    protected Optional<ChannelState> channelState(String channel) {
        try {
            Collection<ServiceReference<ChannelState>> refs =
                    context.getServiceReferences(ChannelState.class, "(" + ChannelState.CHANNEL + "=" + channel + ")");
            return refs.stream().findFirst().map(r -> context.getService(r));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits until the channel's link is in {@code phase} and returns its state service. */
    protected ChannelState awaitPhase(String channel, ConnectionState.Phase phase, Duration timeout) {
        Await.until(
                timeout,
                "channel " + channel + " " + phase + " (now: "
                        + channelState(channel)
                                .map(s -> s.connection().toString())
                                .orElse("no service") + ")",
                () -> channelState(channel)
                        .map(s -> s.connection().phase() == phase)
                        .orElse(false));
        return channelState(channel).orElseThrow();
    }

    /** The connection states published for a channel, in order. */
    protected List<ConnectionState> states(String channel) {
        return events.all().stream()
                .filter(e ->
                        e.payload() instanceof ConnectionState s && s.channel().equals(channel))
                .map(e -> (ConnectionState) e.payload())
                .toList();
    }

    /** Whether the EventFilter's catalogue serves the command (by name or alias) now. */
    protected boolean commandRegistered(String name) {
        ServiceReference<CommandCatalog> ref = context.getServiceReference(CommandCatalog.class);
        if (ref == null) {
            return false;
        }
        CommandCatalog catalog = context.getService(ref);
        try {
            return catalog != null && catalog.find(name).isPresent();
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Waits until daz.sql says the plugin's schema is migrated: on a first start a command asked before that gets
     * "is getting ready" instead of its answer.
     */
    protected void awaitSchemaReady(String plugin) {
        Await.until(SCHEMA_READY, plugin + "'s schema migrated", () -> {
            try {
                return context.getServiceReferences(PluginHealth.class, "(daz.plugin=" + plugin + ")").stream()
                        .map(r -> context.getService(r).status())
                        .anyMatch(s -> s.name().contains("(schema ") && s.state() == PluginStatus.State.RUNNING);
            } catch (InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** The daz.core log lines of this class so far. */
    protected List<String> logLines(String containing) {
        Path log = workDirectory(getClass()).resolve("data/log/daz.log");
        try {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.contains(containing))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    protected static void check(String what, boolean condition) {
        assertTrue(what, condition);
    }
}
