package daz.itests.kit;

import static org.junit.Assert.assertTrue;

import daz.itests.Await;
import daz.itests.IntegrationDatabase;
import daz.itests.RuntimeProcess;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.CytubeStandin;
import daz.itests.cytube.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The plugin author's path, as the README tells it: a project generated from {@code daz.plugin.archetype} in a fresh
 * folder builds offline against the artifacts this build installed ({@code mvn -o verify}: its unit test and its Pax
 * Exam test, which boots Daz's features with the CyTube stand-in), and its jar, copied into {@code deploy/} of the
 * unpacked runtime while it runs, answers its command in a stand-in channel. The one nested Maven build of the suite.
 */
public class PluginArchetypeIT {

    private static final Duration BUILD = Duration.ofMinutes(10);
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration ANSWER = Duration.ofSeconds(20);
    private static final String PASSWORD = "Kit-IT-pw";

    private final RuntimeProcess runtime = RuntimeProcess.unpack(PluginArchetypeIT.class);
    private CytubeStandin standin;

    @Before
    public void setUp() {
        standin = CytubeStandin.start();
        runtime.configure("daz.sql", "url = " + IntegrationDatabase.createFor(getClass()));
    }

    @After
    public void tearDown() {
        runtime.close();
        standin.close();
    }

    @Test
    public void aGeneratedPluginBuildsOfflineWithItsTestsAndAnswersFromDeploy() throws Exception {
        Path folder = Files.createTempDirectory(runtime.work(), "generated-");
        mvn(
                folder,
                "generate.log",
                "org.apache.maven.plugins:maven-archetype-plugin:" + property("daz.archetype.plugin.version")
                        + ":generate",
                "-DarchetypeGroupId=daz",
                "-DarchetypeArtifactId=daz.plugin.archetype",
                "-DarchetypeVersion=" + property("daz.version"),
                "-DgroupId=org.example",
                "-DartifactId=daz.plugin.greet",
                "-Dversion=1.0.0",
                "-Dpackage=org.example.greet",
                "-Dcommand=greet",
                "-DcommandClass=GreetCommand",
                "-DinteractiveMode=false");
        Path project = folder.resolve("daz.plugin.greet");
        assertTrue(
                "the command class generated",
                Files.exists(project.resolve("src/main/java/org/example/greet/GreetCommand.java")));

        String build = mvn(project, "verify.log", "verify");
        assertTrue(
                "the unit test ran:\n" + build,
                build.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                        && build.contains("in org.example.greet.GreetCommandTest"));
        assertTrue("the Pax Exam test ran:\n" + build, build.contains("in org.example.greet.GreetCommandIT"));
        Path jar = project.resolve("target/daz.plugin.greet-1.0.0.jar");

        standin.createChannel(ChannelConfig.registered("kit").account("dazbot", PASSWORD, 2));
        runtime.configure(
                "daz.core.channel-kit",
                "server = " + standin.baseUrl(),
                "channel = kit",
                "user = dazbot",
                "password = " + PASSWORD,
                "login.delay.ms = 200");
        User alice = standin.user("kit", "alice");
        runtime.launch("run.log");
        alice.awaitMessage(0, r -> r.is("addUser") && "dazbot".equals(r.string("name")), START);
        // dropped into the running bot's deploy/, as an operator installs a plugin
        Files.copy(
                jar, runtime.home().resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Await.until(
                START,
                "!greet registered from deploy/",
                () -> runtime.log().contains("command registered: !greet from daz.plugin.greet"));
        alice.chat("!greet");
        alice.awaitChat("dazbot", m -> m.equals("Hello, alice!"), ANSWER);
    }

    /** Runs Maven offline on the build's own local repository; returns its output, failing with it on an error. */
    private String mvn(Path directory, String logName, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(property("daz.maven.home"), "bin", "mvn").toString(),
                "-o",
                "-B",
                "-Dmaven.repo.local=" + property("daz.maven.repo")));
        command.addAll(List.of(arguments));
        Path log = runtime.work().resolve(logName);
        Process maven = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!maven.waitFor(BUILD.toMinutes(), TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", arguments) + " took over " + BUILD + ": " + tail(log));
        }
        String output = Files.readString(log);
        assertTrue("mvn " + String.join(" ", arguments) + " failed:\n" + tail(log), maven.exitValue() == 0);
        return output;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue("system property " + name + " (set by itests/pom.xml)", value != null && !value.isBlank());
        return value;
    }
}
