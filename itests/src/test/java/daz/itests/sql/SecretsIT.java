package daz.itests.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.api.cytube.ConnectionState.Phase;
import daz.api.status.PluginHealth;
import daz.api.status.PluginStatus;
import daz.itests.Await;
import daz.itests.IntegrationDatabase;
import daz.itests.TestDatabase;
import daz.itests.core.CytubeITSupport;
import daz.itests.cytube.ChannelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

/**
 * Secrets stay secret: with a database user that has a password of its own (and a stale one under the old key
 * {@code password} beside it) and two channels that log in with passwords (one under the key {@code .password}, one
 * under the old key {@code password}), none of the four passwords is in any property of any service of any bundle, in the output of any {@code daz:} command, or anywhere
 * in the log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecretsIT extends CytubeITSupport {

    private static final String DB_USER = "daz_secrets_bot";
    private static final String DB_SECRET = "Db-Secret-4f1c9e";
    private static final String CHANNEL_SECRET = "Channel-Secret-8a2d7b";
    private static final String OLD_KEY_SECRET = "OldKey-Secret-3e6b0f";
    /** Under the old key beside .password in etc/daz.sql.cfg: read by nobody, and published nowhere either. */
    private static final String OLD_DB_SECRET = "OldDb-Secret-9c5a21";

    private static final List<String> SECRETS = List.of(DB_SECRET, CHANNEL_SECRET, OLD_KEY_SECRET, OLD_DB_SECRET);

    @Override
    protected Option[] testOptions() {
        // a bot user with a password that may create roles and schemas, not a superuser
        String url = IntegrationDatabase.createFor(getClass());
        try (Connection c = TestDatabase.at(url).connect();
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + DB_USER + "') THEN"
                    + " CREATE ROLE " + DB_USER + " LOGIN CREATEROLE; END IF; END $$");
            s.execute("ALTER ROLE " + DB_USER + " PASSWORD '" + DB_SECRET + "'");
            s.execute("GRANT CREATE ON DATABASE " + c.getCatalog() + " TO " + DB_USER);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        writeConfiguration(
                workDirectory(getClass()),
                "daz.sql",
                "url = " + url,
                "user = " + DB_USER,
                ".password = " + DB_SECRET,
                "password = " + OLD_DB_SECRET);
        return new Option[0];
    }

    @Test
    public void noPasswordIsInAnyServicePropertyCommandOutputOrLogLine() throws Exception {
        standin.createChannel(ChannelConfig.registered("vault").account("dazvault", CHANNEL_SECRET, 1));
        standin.createChannel(ChannelConfig.registered("attic").account("dazattic", OLD_KEY_SECRET, 1));
        configureChannel("vault", "user = dazvault", ".password = " + CHANNEL_SECRET);
        configureChannel("attic", "user = dazattic", "password = " + OLD_KEY_SECRET);
        // logged in: both passwords were read and used
        awaitPhase("vault", Phase.READY, Duration.ofSeconds(30));
        awaitPhase("attic", Phase.READY, Duration.ofSeconds(30));
        assertEquals("dazvault", channelState("vault").orElseThrow().botName().orElseThrow());
        assertEquals("dazattic", channelState("attic").orElseThrow().botName().orElseThrow());
        // the database is used, by the bot's user and by the plugins' own roles
        Await.until(
                Duration.ofSeconds(30),
                "daz_eventfilter and daz_core migrated",
                () -> running("daz.eventfilter") && running("daz.core"));
        check(
                "the old key is read with a hint to rename it",
                !logLines("rename the key to '.password'").isEmpty());

        List<String> found = new ArrayList<>();
        int properties = 0;
        for (ServiceReference<?> ref : context.getAllServiceReferences(null, null)) {
            for (String key : ref.getPropertyKeys()) {
                properties++;
                String value = text(ref.getProperty(key));
                for (String secret : SECRETS) {
                    if (value.contains(secret) || key.contains(secret)) {
                        found.add("service " + ref + " property " + key);
                    }
                }
            }
        }
        assertTrue("properties read: " + properties, properties > 100);

        TreeSet<String> commands = new TreeSet<>();
        for (ServiceReference<?> ref : context.getAllServiceReferences(null, "(osgi.command.scope=daz)")) {
            Object functions = ref.getProperty("osgi.command.function");
            commands.addAll(
                    functions instanceof String[] names ? Arrays.asList(names) : List.of(String.valueOf(functions)));
        }
        assertTrue("daz: commands found: " + commands, commands.containsAll(List.of("sql", "channels", "status")));
        // it would stop the framework under the test; it prints one fixed line
        commands.remove("shutdown");
        for (String command : commands) {
            String output;
            try {
                output = shell("daz:" + command);
            } catch (Exception needsArguments) {
                output = String.valueOf(needsArguments);
            }
            for (String secret : SECRETS) {
                if (output.contains(secret)) {
                    found.add("the output of daz:" + command);
                }
            }
        }

        Path logs = workDirectory(getClass()).resolve("data/log");
        try (var files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse("the log is empty: " + file, text.isEmpty());
                for (String secret : SECRETS) {
                    if (text.contains(secret)) {
                        found.add("the log " + file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals("where a password was found (commands run: " + commands + ")", List.of(), found);
    }

    private boolean running(String bundle) {
        try {
            return context.getServiceReferences(PluginHealth.class, "(daz.plugin=" + bundle + ")").stream()
                    .anyMatch(r -> context.getService(r).status().state() == PluginStatus.State.RUNNING);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value != null && value.getClass().isArray()) {
            return value.getClass().getComponentType() + "[]";
        }
        return String.valueOf(value);
    }
}
