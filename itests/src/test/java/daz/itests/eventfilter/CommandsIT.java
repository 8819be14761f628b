package daz.itests.eventfilter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.command.AsyncCommandHandler;
import daz.api.command.Command;
import daz.api.command.CommandCatalog;
import daz.api.command.CommandHandler;
import daz.api.command.CommandReply;
import daz.api.command.CommandRequest;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.event.ChannelEvent;
import daz.api.event.ChannelListener;
import daz.api.event.ChannelSubscription;
import daz.itests.Await;
import daz.itests.PacedSender;
import daz.itests.TestDatabase;
import daz.itests.core.CytubeITSupport;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Received;
import daz.itests.cytube.Target;
import daz.itests.cytube.User;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/** Commands as users in a channel of the CyTube stand-in see them: answers where asked, ranks, aliases, audit. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CommandsIT extends CytubeITSupport {

    private static final Duration READY = Duration.ofSeconds(20);
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private ServiceRegistration<EventHandler> skip;

    /** A rank-2 command of the test's own in the older form: a bus handler that replies through the bus. */
    @Before
    public void registerSkipCommand() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, "command.skip");
        properties.put(Command.MIN_RANK, 2);
        properties.put(Command.DESCRIPTION, "Skips the video");
        EventHandler handler = (Event event) -> {
            if (event.isRequest() && event.payload() instanceof CommandRequest request) {
                bus.reply(event, new CommandReply("skipped for " + request.caller()));
            }
        };
        skip = context.registerService(EventHandler.class, handler, properties);
    }

    @After
    public void unregisterSkipCommand() {
        skip.unregister();
    }

    @Test
    public void commandsAreAnsweredWhereTheyWereAskedWithRanksAndAliases() throws Exception {
        standin.createChannel(
                ChannelConfig.registered("cmds").account("dazbot", "pw", 2).account("modo", "pw", 2));
        configureChannel("cmds", "user = dazbot", "password = pw");
        awaitPhase("cmds", Phase.READY, READY);

        User alice = standin.user("cmds", "alice");
        User bob = standin.user("cmds", "bob");
        User carol = standin.user("cmds", "carol");
        User modo = standin.user("cmds", "modo", "pw");
        User erin = standin.user("cmds", "erin");

        alice.chat("!help");
        alice.awaitChat("dazbot", m -> m.startsWith("Commands:") && m.contains("!uptime"), ANSWER);

        bob.pm("dazbot", "!help");
        Received pm = bob.awaitMessage(fromBot("pm", m -> m.startsWith("Commands:")), ANSWER);
        assertEquals("the PM answer goes to the caller", "bob", pm.string("to"));

        alice.chat("!about");
        alice.awaitChat("dazbot", m -> m.startsWith("Daz ") && m.contains("uptime"), ANSWER);
        alice.chat("!uptime");
        alice.awaitChat("dazbot", m -> m.startsWith("Bot up") && m.contains("connected for"), ANSWER);
        carol.chat("!up");
        carol.awaitChat("dazbot", m -> m.startsWith("Bot up"), ANSWER);

        for (int i = 0; i < 3; i++) {
            erin.chat("!skip");
        }
        modo.chat("!skip");
        erin.awaitChat("dazbot", m -> m.equals("skipped for modo"), ANSWER);
        // the sentinel: the filter takes lines in order and the bot's lines go out in order, so an answer to any of
        // erin's attempts would come before this one
        modo.chat("!help skip");
        erin.awaitChat("dazbot", m -> m.startsWith("!skip") && m.contains("Usage:"), ANSWER);
        assertEquals(
                "one refusal for three attempts",
                1,
                erin.received("chatMsg").stream()
                        .filter(r -> "dazbot".equals(r.username()) && r.msg().contains("needs rank 2"))
                        .count());

        Await.until(
                ANSWER,
                "audit rows for each executed command",
                () -> auditCount("help", "ok") == 3
                        && auditCount("about", "ok") == 1
                        && auditCount("uptime", "ok") == 2
                        && auditCount("skip", "ok") == 1
                        && auditCount("skip", "denied") == 3);
        Await.until(
                ANSWER,
                "the registry mirrored to daz_eventfilter_commands",
                () -> mirroredCommands().containsAll(List.of("about", "help", "skip", "uptime")));
    }

    @Test
    public void theReplayedBacklogRunsNoCommandAfterAReconnect() throws Exception {
        standin.createChannel(
                ChannelConfig.registered("replay").account("dazbot", "pw", 2).backlog("alice", "!help"));
        configureChannel("replay", "user = dazbot", "password = pw");
        awaitPhase("replay", Phase.READY, READY);

        User dave = standin.user("replay", "dave");
        dave.chat("!about");
        dave.awaitChat("dazbot", m -> m.startsWith("Daz "), ANSWER);

        // the server drops the bot; on the rejoin the backlog (!help and !about) comes again
        standin.disconnect(Target.name("dazbot"), true);
        Await.until(
                READY,
                "the bot gone",
                () -> channelState("replay")
                        .map(s -> s.connection().phase() != Phase.READY)
                        .orElse(true));
        awaitPhase("replay", Phase.READY, READY);
        // the sentinel: said after the rejoin, it is taken after the replayed backlog
        dave.chat("!uptime");
        dave.awaitChat("dazbot", m -> m.startsWith("Bot up"), ANSWER);

        List<Received> botLines = dave.received("chatMsg").stream()
                .filter(r -> "dazbot".equals(r.username()))
                .toList();
        assertEquals("only the live !about and !uptime were answered: " + botLines, 2, botLines.size());
        assertTrue(botLines.get(0).msg().startsWith("Daz "));
    }

    @Test
    public void cooldownsSpamAndBadInputGetOneAnswerOrNone() throws Exception {
        standin.createChannel(ChannelConfig.registered("rough").account("dazbot", "pw", 2));
        configureChannel("rough", "user = dazbot", "password = pw");
        awaitPhase("rough", Phase.READY, READY);

        User frank = standin.user("rough", "frank");
        frank.chat("!uptime");
        frank.awaitChat("dazbot", m -> m.startsWith("Bot up"), ANSWER);
        frank.chat("!uptime");
        frank.awaitChat("dazbot", m -> m.contains("!uptime again in"), ANSWER);

        // 30 lines per second: the first !help is answered, then one cooldown notice and one spam notice at most
        User spammer = standin.user("rough", "spammer");
        try (PacedSender flood = PacedSender.start("spammer", 30, Duration.ofMillis(33), i -> spammer.chat("!help"))) {
            flood.awaitDone(Duration.ofSeconds(20));
        }
        spammer.awaitChat("dazbot", m -> m.startsWith("Commands:"), ANSWER);

        // the sentinel: gina's line comes after the whole flood, so its answer comes after any answer to the flood
        User gina = standin.user("rough", "gina");
        gina.chat("!help " + "y".repeat(1_000));
        spammer.awaitChat("dazbot", m -> m.startsWith("No command !yyyy") && m.length() < 100, ANSWER);
        long answers = spammer.received("chatMsg").stream()
                .filter(r -> "dazbot".equals(r.username()) && r.msg().contains("spammer"))
                .count();
        long helps = spammer.received("chatMsg").stream()
                .filter(r -> "dazbot".equals(r.username()) && r.msg().startsWith("Commands:"))
                .count();
        assertEquals("one answer to the flood", 1, helps);
        assertTrue("at most two short notices, got " + answers, answers <= 2);
        User hank = standin.user("rough", "hank");
        hank.chat("!help <b>it's</b> 🎉");
        hank.awaitChat("dazbot", m -> m.startsWith("No command !&lt;b&gt;it"), ANSWER);
        User ivy = standin.user("rough", "ivy");
        long since = ivy.cursor(); // after the join's backlog
        ivy.chat("!");
        ivy.chat("!nope");
        ivy.chat("!about");
        ivy.awaitChat("dazbot", m -> m.startsWith("Daz "), ANSWER);
        assertEquals(
                "nothing for a bare prefix or an unknown command",
                1,
                ivy.received("chatMsg").stream()
                        .filter(r -> r.index() >= since && "dazbot".equals(r.username()))
                        .count());
    }

    /**
     * An edit of {@code etc/daz.eventfilter.cfg} while the bot runs: the next line is read with the new prefix and
     * admins, and nothing restarts for it: the catalogue, the EventFilter's chat handler and help keep their services.
     */
    @Test
    public void anEditOfTheCommandsFileAppliesToTheNextLineWithoutARestart() throws Exception {
        standin.createChannel(ChannelConfig.registered("live").account("dazbot", "pw", 2));
        configureChannel("live", "user = dazbot", "password = pw");
        awaitPhase("live", Phase.READY, READY);
        User lou = standin.user("live", "lou");
        lou.chat("!help");
        lou.awaitChat("dazbot", m -> m.startsWith("Commands:") && m.contains("!uptime"), ANSWER);
        List<Long> before = serviceIds();

        try {
            writeConfiguration(workDirectory(getClass()), "daz.eventfilter", "prefix = $", "admins = Lou");
            Await.until(ANSWER, "the new prefix in force", () -> "$".equals(catalog(CommandCatalog::prefix)));
            lou.chat("!help");
            lou.chat("$skip");
            lou.awaitChat("dazbot", m -> m.equals("skipped for lou"), ANSWER);
            lou.chat("$help");
            lou.awaitChat("dazbot", m -> m.startsWith("Commands:") && m.contains("$uptime"), ANSWER);
            assertEquals(
                    "one answer to !help, the one before the edit",
                    1,
                    lou.received("chatMsg").stream()
                            .filter(r ->
                                    "dazbot".equals(r.username()) && r.msg().contains("!uptime"))
                            .count());
            assertEquals("catalogue, chat handler and help kept their services", before, serviceIds());
        } finally {
            writeConfiguration(workDirectory(getClass()), "daz.eventfilter", "prefix = !");
            Await.until(
                    ANSWER,
                    "the prefix back",
                    () -> "!".equals(catalog(CommandCatalog::prefix)) && !catalog(c -> c.isAdmin("lou")));
        }
    }

    /** The service ids of the catalogue, the EventFilter's chat handler and help's command. */
    private List<Long> serviceIds() throws Exception {
        List<Long> ids = new java.util.ArrayList<>();
        ids.add((Long) context.getServiceReference(CommandCatalog.class).getProperty("service.id"));
        for (var reference :
                context.getServiceReferences(EventHandler.class, "(component.name=daz.eventfilter.CommandFilter)")) {
            ids.add((Long) reference.getProperty("service.id"));
        }
        for (var reference :
                context.getServiceReferences(CommandHandler.class, "(component.name=daz.plugin.help.HelpCommand)")) {
            ids.add((Long) reference.getProperty("service.id"));
        }
        assertEquals("three services: " + ids, 3, ids.size());
        return ids;
    }

    private <T> T catalog(java.util.function.Function<CommandCatalog, T> question) {
        var reference = context.getServiceReference(CommandCatalog.class);
        CommandCatalog catalog = reference == null ? null : context.getService(reference);
        try {
            return catalog == null ? null : question.apply(catalog);
        } finally {
            if (catalog != null) {
                context.ungetService(reference);
            }
        }
    }

    /**
     * A plugin's commands and listeners as plain services: no bus, no reply call. A listener gets each join as a
     * typed user with its JSON; a slow command answers later; a failing one gets its caller a short answer, and
     * {@code daz:status} shows what the bridge saw of the plugin (handled, failed, the last error) with no health
     * code in it.
     */
    @Test
    public void pluginServicesAnswerAndReactWithoutBusCodeAndTheirHealthIsShown() throws Exception {
        standin.createChannel(ChannelConfig.registered("plain").account("dazbot", "pw", 2));
        configureChannel("plain", "user = dazbot", "password = pw");
        awaitPhase("plain", Phase.READY, READY);
        List<ChannelEvent<daz.api.cytube.User>> joins = new CopyOnWriteArrayList<>();
        List<ServiceRegistration<?>> services = List.of(
                context.registerService(
                        CommandHandler.class,
                        request -> {
                            throw new IllegalStateException("the dice are lost");
                        },
                        commandProperties("roll")),
                context.registerService(
                        AsyncCommandHandler.class,
                        request -> CompletableFuture.supplyAsync(() -> "later " + request.args()),
                        commandProperties("later")),
                context.registerService(ChannelListener.class, joins::add, listenerProperties()));
        try {
            Await.until(ANSWER, "the commands registered", () -> registered("roll") && registered("later"));
            User kim = standin.user("plain", "kim");
            Await.until(
                    ANSWER,
                    "kim's join, typed",
                    () -> joins.stream()
                            .anyMatch(j -> j.payload().name().equals("kim")
                                    && j.channel().equals("plain")
                                    && j.raw().contains("\"kim\"")));

            kim.chat("!later 42");
            kim.awaitChat("dazbot", m -> m.equals("later 42"), ANSWER);
            kim.chat("!roll");
            kim.awaitChat("dazbot", m -> m.equals("kim: !roll failed."), ANSWER);

            String plugin = context.getBundle().getSymbolicName();
            Await.until(ANSWER, "the probe's health in daz:status", () -> {
                String row = statusRow(plugin);
                return row.contains("DEGRADED") && row.contains("!roll: IllegalStateException the dice are lost");
            });
        } finally {
            services.forEach(ServiceRegistration::unregister);
        }
    }

    private String statusRow(String plugin) {
        try {
            return shell("daz:status")
                    .lines()
                    .filter(l -> l.startsWith(plugin + " "))
                    .findFirst()
                    .orElse("");
        } catch (Exception e) {
            throw new IllegalStateException("daz:status failed", e);
        }
    }

    private static Hashtable<String, Object> commandProperties(String name) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Command.NAME, name);
        properties.put(Command.DESCRIPTION, "a test command");
        return properties;
    }

    private static Hashtable<String, Object> listenerProperties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ChannelSubscription.EVENTS, ChannelSubscription.USER_JOINED);
        properties.put(ChannelSubscription.TYPE, daz.api.cytube.User.class.getName());
        return properties;
    }

    private boolean registered(String command) {
        var reference = context.getServiceReference(CommandCatalog.class);
        CommandCatalog catalog = reference == null ? null : context.getService(reference);
        try {
            return catalog != null && catalog.find(command).isPresent();
        } finally {
            if (catalog != null) {
                context.ungetService(reference);
            }
        }
    }

    private static Predicate<Received> fromBot(String event, Predicate<String> msg) {
        return r -> r.is(event) && "dazbot".equalsIgnoreCase(r.username()) && r.msg() != null && msg.test(r.msg());
    }

    private List<String> mirroredCommands() {
        try {
            return TestDatabase.ofThisClass()
                    .column("SELECT name FROM daz_eventfilter.daz_eventfilter_commands ORDER BY name")
                    .stream()
                    .map(String::valueOf)
                    .toList();
        } catch (java.sql.SQLException e) {
            return List.of();
        }
    }

    private long auditCount(String command, String outcome) {
        return TestDatabase.ofThisClass()
                .count(
                        "SELECT count(*) FROM daz_eventfilter.daz_eventfilter_history"
                                + " WHERE command = ? AND outcome = ? AND channel = 'cmds'",
                        command,
                        outcome);
    }
}
