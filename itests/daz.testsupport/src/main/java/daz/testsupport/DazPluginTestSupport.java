package daz.testsupport;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import daz.api.cytube.ChannelState;
import daz.api.cytube.ConnectionState;
import daz.itests.Await;
import daz.itests.PlatformOptions;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.User;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Base of a plugin's Pax Exam test: real Felix + SCR with every Daz feature at its start level and the plugin under
 * test (the jar named by the system property {@code daz.plugin.jar}) at the plugins' level, a CyTube stand-in per
 * test with the channel {@value #CHANNEL}, where the bot {@value #BOT} (rank 2) is connected before the test starts.
 *
 * <pre>{@code
 * @RunWith(PaxExam.class)
 * @ExamReactorStrategy(PerClass.class)
 * public class RollCommandIT extends DazPluginTestSupport {
 *     @Test
 *     public void answersInTheChannel() {
 *         User alice = user("alice");
 *         alice.chat("!roll");
 *         alice.awaitChat(BOT, m -> m.startsWith("alice rolled"), ANSWER);
 *     }
 * }
 * }</pre>
 *
 * The features come from {@code daz.features} (default {@code target/features/<start level>/*.jar}, as the plugin
 * archetype's pom unpacks them); a database from {@link TestDatabase}; the stand-in from {@link StandinFiles}.
 */
public abstract class DazPluginTestSupport {

    /** The bot's name in the channel. */
    public static final String BOT = "dazbot";

    /** The stand-in channel the bot is in. */
    public static final String CHANNEL = "plugintest";

    /** How long a test waits for an answer. */
    protected static final Duration ANSWER = Duration.ofSeconds(15);

    /** The start level of plugins, as in the runtime. */
    public static final int PLUGIN_START_LEVEL = 8;

    private static final String PASSWORD = "bot-pw";

    @Inject
    protected BundleContext context;

    protected CytubeStandin standin;

    /** Pax Exam's configuration: the platform, the features, this support bundle and the plugin under test. */
    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        Path target = Path.of(System.getProperty("daz.target", "target")).toAbsolutePath();
        Path work = target.resolve("daz-it").resolve(getClass().getSimpleName());
        StandinFiles.install(target.resolve("cytube-standin"));
        clean(work.resolve("etc"));
        createDirectories(work.resolve("data/log"));
        Path logback = work.resolve("logback-test.xml");
        copy("logback-test.xml", logback);
        TestDatabase.createFor(getClass()).ifPresent(url -> configure(work, "daz.sql", "url = " + url));
        List<Option> options = new ArrayList<>(List.of(
                PlatformOptions.of(work, logback),
                systemProperty("daz.standin.dir").value(System.getProperty("daz.standin.dir")),
                systemProperty("daz.standin.log")
                        .value(target.resolve("cytube-standin.log").toString()),
                bundle(self()).startLevel(1).start()));
        options.addAll(FeatureBundles.provisioning());
        String plugin = System.getProperty("daz.plugin.jar");
        if (plugin != null && !plugin.isBlank()) {
            options.add(bundle(Path.of(plugin).toUri().toString())
                    .startLevel(PLUGIN_START_LEVEL)
                    .start());
        }
        options.add(composite(testOptions()));
        return options.toArray(Option[]::new);
    }

    /** What a test class adds: bundles, properties. */
    protected Option[] testOptions() {
        return new Option[0];
    }

    /** Starts the stand-in, puts the bot in {@value #CHANNEL} and waits until it is ready there. */
    @Before
    public void joinChannel() {
        standin = CytubeStandin.start();
        standin.createChannel(ChannelConfig.registered(CHANNEL).account(BOT, PASSWORD, 2));
        configure(
                work(),
                "daz.core.channel-" + CHANNEL,
                "server = " + standin.baseUrl(),
                "channel = " + CHANNEL,
                "user = " + BOT,
                "password = " + PASSWORD,
                "login.delay.ms = 200");
        Await.until(
                Duration.ofSeconds(30),
                "the bot ready in " + CHANNEL,
                () -> channel()
                        .map(s -> s.connection().phase() == ConnectionState.Phase.READY)
                        .orElse(false));
    }

    /** Takes the bot out of the channel and stops the stand-in. */
    @After
    public void leaveChannel() throws IOException {
        Files.deleteIfExists(work().resolve("etc").resolve("daz.core.channel-" + CHANNEL + ".cfg"));
        Await.until(
                Duration.ofSeconds(15),
                "the bot gone from " + CHANNEL,
                () -> channel().isEmpty());
        standin.close();
    }

    /** A user who joins {@value #CHANNEL} as a guest. */
    protected User user(String name) {
        return standin.user(CHANNEL, name);
    }

    /** The channel's state as the bot sees it (users, ranks, what is playing), while the bot is in it. */
    protected Optional<ChannelState> channel() {
        try {
            return context
                    .getServiceReferences(ChannelState.class, "(" + ChannelState.CHANNEL + "=" + CHANNEL + ")")
                    .stream()
                    .findFirst()
                    .map(r -> context.getService(r));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Runs a shell command ({@code daz:status}, {@code lb}) and returns what it printed or returned. */
    protected String shell(String command) throws Exception {
        ServiceReference<CommandProcessor> reference = context.getServiceReference(CommandProcessor.class);
        CommandProcessor processor = context.getService(reference);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            return out.toString(StandardCharsets.UTF_8) + (result == null ? "" : result.toString());
        } finally {
            context.ungetService(reference);
        }
    }

    private static Path work() {
        return Path.of(System.getProperty("daz.home"));
    }

    /** Writes {@code etc/<pid>.cfg} atomically, where FileInstall hands it to ConfigAdmin as in the runtime. */
    protected static void configure(Path work, String pid, String... lines) {
        Path file = work.resolve("etc").resolve(pid + ".cfg");
        try {
            Files.createDirectories(file.getParent());
            Path part = Files.write(file.resolveSibling(pid + ".cfg.part"), List.of(lines));
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String self() {
        return DazPluginTestSupport.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toString();
    }

    private static void copy(String resource, Path target) {
        try (var in = DazPluginTestSupport.class.getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clean(Path folder) {
        createDirectories(folder);
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
