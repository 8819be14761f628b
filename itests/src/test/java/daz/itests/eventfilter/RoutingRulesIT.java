package daz.itests.eventfilter;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import daz.api.bus.Event;
import daz.api.bus.EventHandler;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.ConnectionState.Phase;
import daz.api.cytube.CytubeEvent;
import daz.itests.Await;
import daz.itests.TestDatabase;
import daz.itests.core.CytubeITSupport;
import daz.itests.cytube.ChannelConfig;
import daz.itests.cytube.Target;
import daz.itests.cytube.User;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * Routing rules of {@code daz_eventfilter.daz_eventfilter_rules} as a plugin sees them: the chat lines of the CyTube
 * stand-in that match a rule arrive on the rule's topic, nothing else does, and rules that would loop or speak for the
 * bot are refused.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoutingRulesIT extends CytubeITSupport {

    private static final Duration READY = Duration.ofSeconds(20);
    private static final Duration ARRIVAL = Duration.ofSeconds(10);

    /** What reached a topic of the test's own: the events as delivered. */
    private final List<Event> hello = new CopyOnWriteArrayList<>();

    private final List<Event> saidByEventFilter = new CopyOnWriteArrayList<>();
    private final List<ServiceRegistration<EventHandler>> handlers = new ArrayList<>();

    @Override
    protected Option[] testOptions() {
        // rules are read on daz:rules reload only, so each step of a test knows which rules are in force
        writeConfiguration(workDirectory(getClass()), "daz.eventfilter.routing", "rules.reload.seconds = 3600");
        return new Option[0];
    }

    @Before
    public void emptyRulesAndListen() {
        // the table may exist before daz.sql has seen the migration end: until then daz:rules add is refused
        awaitSchemaReady("daz.eventfilter");
        List<String> problems = new CopyOnWriteArrayList<>();
        boolean emptied = Await.poll(READY, () -> {
            try {
                sql("DELETE FROM daz_eventfilter.daz_eventfilter_rules");
                return true;
            } catch (SQLException e) {
                problems.add(e.getMessage());
                return false;
            }
        });
        assertTrue("daz_eventfilter_rules migrated and emptied; last problem: " + lastOf(problems), emptied);
        handlers.add(listen("plugin.greeter.hello", hello::add));
        // what the EventFilter itself asks the channel to say: a refused echo rule must add nothing here
        handlers.add(listen("cytube.send.>", event -> {
            if ("daz.eventfilter".equals(event.source())) {
                saidByEventFilter.add(event);
            }
        }));
    }

    @After
    public void stopListening() {
        handlers.forEach(ServiceRegistration::unregister);
        handlers.clear();
    }

    @Test
    public void matchingLinesReachThePluginTopicAndRulesThatLoopOrSpeakAreRefused() throws Exception {
        standin.createChannel(ChannelConfig.registered("routes").account("dazbot", "pw", 2));
        configureChannel("routes", "user = dazbot", "password = pw");
        awaitPhase("routes", Phase.READY, READY);
        shell("daz:rules reload");
        assertFalse(
                "no rule, no routing handler on the bus", routingHandlerTopics().contains("cytube.event.*"));
        rule("greet", "cytube.event.chatMsg", null, "^hello", "plugin.greeter.hello");
        rule("carol-any", "cytube.event.*", "CAROL", null, "plugin.greeter.hello");
        rule("bad-regex", "cytube.event.chatMsg", null, "hello(", "plugin.greeter.hello");
        rule("echo", "cytube.event.chatMsg", null, null, "cytube.send.chat");

        String listed = shell("daz:rules reload");
        assertTrue(listed, listed.startsWith("Rules read."));
        assertTrue(listed, line(listed, "greet").contains("active"));
        assertTrue(listed, line(listed, "carol-any").contains("active"));
        assertTrue(listed, line(listed, "bad-regex").contains("refused") && listed.contains("invalid pattern"));
        assertTrue(listed, line(listed, "echo").contains("refused") && listed.contains("bot's own namespace"));
        assertTrue(
                "the routing handler takes the active rules' events only",
                routingHandlerTopics().contains("cytube.event.*"));

        User alice = standin.user("routes", "alice");
        User bob = standin.user("routes", "bob");
        alice.chat("hello world");
        bob.chat("goodbye");
        alice.chat("well, hello"); // the pattern is anchored
        bob.pm("dazbot", "hello by PM"); // the rule is for chat lines only
        alice.chat("hello end");
        Await.until(
                ARRIVAL, "the last matching line forwarded", () -> texts(hello).contains("hello end"));

        assertEquals("exactly the matching lines, in order", List.of("hello world", "hello end"), texts(hello));
        Event first = hello.get(0);
        CytubeEvent payload = (CytubeEvent) first.payload();
        assertEquals("the original payload, with its channel", "routes", payload.channel());
        assertEquals("alice", payload.typed(ChatMessage.class).orElseThrow().username());
        assertEquals("daz.eventfilter", first.source());
        assertTrue(first.tags().toString(), first.tags().contains("rule:greet"));
        assertFalse("a forwarded copy is not logged again", first.loggable());
        assertTrue("nothing said for the refused echo rule: " + saidByEventFilter, saidByEventFilter.isEmpty());

        // a user rule takes every event of that user: the join first
        User carol = standin.user("routes", "carol");
        carol.chat("hi all");
        Await.until(ARRIVAL, "carol's line forwarded", () -> texts(hello).contains("hi all"));
        assertTrue(
                "carol's join forwarded too",
                hello.stream().anyMatch(e -> ((CytubeEvent) e.payload()).name().equals("addUser")));

        String rules = shell("daz:rules");
        assertTrue(rules, line(rules, "greet").contains(" 2 "));
        shell("daz:rules reload");
        assertEquals(
                "a refused rule is logged once, not on every reload",
                1,
                logLines("'bad-regex'").size());
        String status = shell("daz:status");
        assertTrue(status, line(status, "daz.eventfilter (routing rules)").contains("DEGRADED"));
        assertTrue(
                "the channel heard nothing from the bot: " + alice.received("chatMsg"),
                alice.received("chatMsg").stream().noneMatch(r -> "dazbot".equals(r.username())));
    }

    @Test
    public void theReplayedBacklogIsNotForwardedOnJoinNorAfterAReconnect() throws Exception {
        String added = shell("daz:rules add rejoin-greet cytube.event.chatMsg plugin.greeter.hello '^hello'");
        assertTrue(added, line(added, "rejoin-greet").contains("active"));
        standin.createChannel(ChannelConfig.registered("rejoin")
                .account("dazbot", "pw", 2)
                .backlog("alice", "hello from the backlog"));
        configureChannel("rejoin", "user = dazbot", "password = pw");
        awaitPhase("rejoin", Phase.READY, READY);

        User dave = standin.user("rejoin", "dave");
        dave.chat("hello live");
        Await.until(ARRIVAL, "the live line forwarded", () -> texts(hello).contains("hello live"));

        // the server drops the bot; on the rejoin the backlog (with both lines) comes again
        standin.disconnect(Target.name("dazbot"), true);
        Await.until(
                READY,
                "the bot gone",
                () -> channelState("rejoin")
                        .map(s -> s.connection().phase() != Phase.READY)
                        .orElse(true));
        awaitPhase("rejoin", Phase.READY, READY);
        Await.until(
                ARRIVAL,
                "the backlog replayed on the rejoin",
                () -> events.chat("rejoin", "hello live").size() >= 2);
        dave.chat("hello again");
        Await.until(
                ARRIVAL,
                "the line after the rejoin forwarded",
                () -> texts(hello).contains("hello again"));

        assertEquals("the live lines, once each", List.of("hello live", "hello again"), texts(hello));

        String removed = shell("daz:rules remove rejoin-greet");
        assertTrue(removed, removed.contains("removed") && removed.contains("No routing rule"));
    }

    /**
     * An edit of {@code etc/daz.eventfilter.routing.cfg} while rules route: the filter and its durable routing handler
     * keep their services (nothing the bus holds for the handler is dropped), and the next matching line is routed.
     */
    @Test
    public void anEditOfTheReadPeriodKeepsTheRoutingHandler() throws Exception {
        standin.createChannel(ChannelConfig.registered("period").account("dazbot", "pw", 2));
        configureChannel("period", "user = dazbot", "password = pw");
        awaitPhase("period", Phase.READY, READY);
        // first in a run, the schema may still be migrating
        Await.until(
                READY,
                "the rules readable",
                () -> shellOrEmpty("daz:rules reload").startsWith("Rules read."));
        String added = shell("daz:rules add period-greet cytube.event.chatMsg plugin.greeter.hello '^hello'");
        assertTrue(added, line(added, "period-greet").contains("active"));
        User erin = standin.user("period", "erin");
        erin.chat("hello one");
        Await.until(ARRIVAL, "the first line forwarded", () -> texts(hello).contains("hello one"));
        List<Object> before = routingServiceIds();

        try {
            writeConfiguration(workDirectory(getClass()), "daz.eventfilter.routing", "rules.reload.seconds = 3599");
            Await.until(ARRIVAL, "the new period handed to the filter", () -> "3599".equals(routingFilterPeriod()));
            erin.chat("hello two");
            Await.until(
                    ARRIVAL,
                    "the line after the edit forwarded",
                    () -> texts(hello).contains("hello two"));
            assertEquals("the filter and its routing handler kept their services", before, routingServiceIds());
        } finally {
            writeConfiguration(workDirectory(getClass()), "daz.eventfilter.routing", "rules.reload.seconds = 3600");
            Await.until(ARRIVAL, "the period back", () -> "3600".equals(routingFilterPeriod()));
            shell("daz:rules remove period-greet");
        }
    }

    private String shellOrEmpty(String command) {
        try {
            return shell(command);
        } catch (Exception e) {
            return "";
        }
    }

    /** The RoutingFilter's rules.reload.seconds as its service shows it (SCR copies the configuration there). */
    private String routingFilterPeriod() {
        try {
            var references = context.getServiceReferences(
                    daz.api.status.PluginHealth.class, "(component.name=daz.eventfilter.RoutingFilter)");
            return references.isEmpty()
                    ? null
                    : String.valueOf(references.iterator().next().getProperty("rules.reload.seconds"));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the filter is constant
        }
    }

    /** The service ids of the RoutingFilter and of its hand-registered, durable routing handler. */
    private List<Object> routingServiceIds() throws Exception {
        List<Object> ids = new ArrayList<>();
        for (var reference : context.getServiceReferences(
                daz.api.status.PluginHealth.class, "(component.name=daz.eventfilter.RoutingFilter)")) {
            ids.add(reference.getProperty("service.id"));
        }
        for (var reference : context.getServiceReferences(
                EventHandler.class, "(" + EventHandler.DURABLE + "=daz.eventfilter.routing)")) {
            ids.add(reference.getProperty("service.id"));
        }
        assertEquals("the filter and its routing handler: " + ids, 2, ids.size());
        return ids;
    }

    private ServiceRegistration<EventHandler> listen(String topic, EventHandler handler) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(EventHandler.TOPICS, topic);
        properties.put(EventHandler.DELIVERY, EventHandler.DELIVERY_SYNC);
        return context.registerService(EventHandler.class, handler, properties);
    }

    private static String lastOf(List<String> items) {
        return items.isEmpty() ? "none" : items.get(items.size() - 1);
    }

    private static List<String> texts(List<Event> events) {
        return events.stream()
                .map(e -> ((CytubeEvent) e.payload()).typed(ChatMessage.class))
                .flatMap(java.util.Optional::stream)
                .map(ChatMessage::text)
                .toList();
    }

    /** The first line of a shell listing that starts with {@code name}, or "". */
    private static String line(String listing, String name) {
        return listing.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("");
    }

    private void rule(String name, String event, String username, String pattern, String target) throws SQLException {
        sql(
                "INSERT INTO daz_eventfilter.daz_eventfilter_rules (name, event, username, pattern, target)"
                        + " VALUES (?, ?, ?, ?, ?)",
                name,
                event,
                username,
                pattern,
                target);
    }

    private static void sql(String statement, String... parameters) throws SQLException {
        TestDatabase.ofThisClass().execute(statement, (Object[]) parameters);
    }

    /** The topics of daz.eventfilter's handlers as {@code daz:bus} lists them, one line per handler. */
    private String routingHandlerTopics() throws Exception {
        return shell("daz:bus")
                .lines()
                .filter(l -> l.trim().startsWith("daz.eventfilter/"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
