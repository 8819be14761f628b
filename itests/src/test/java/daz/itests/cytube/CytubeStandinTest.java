package daz.itests.cytube;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** The stand-in and its Java wrapper, without OSGi: plain JUnit 4 in surefire. */
public class CytubeStandinTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static CytubeStandin standin;

    @BeforeClass
    public static void startStandin() {
        standin = CytubeStandin.start();
    }

    @AfterClass
    public static void stopStandin() {
        if (standin != null) {
            standin.close();
        }
    }

    @Before
    public void freshStandin() {
        standin.reset();
        standin.createChannel(ChannelConfig.registered("test").account("carol", "secret", 2));
    }

    @Test
    public void chatIsEchoedBackEscaped() {
        User alice = standin.user("test", "alice");
        assertTrue(alice.loggedIn());
        User bob = standin.user("test", "bob");

        alice.chat("<b>hi</b> & bye");

        String expected = "&lt;b&gt;hi&lt;/b&gt; &amp; bye";
        Received echo = alice.awaitChat("alice", expected::equals, WAIT);
        Received relayed = bob.awaitChat("alice", expected::equals, WAIT);
        assertEquals(echo.data(), relayed.data());
        assertEquals(Map.of(), echo.map().get("meta"));
        assertTrue(((Number) echo.map().get("time")).longValue() > 0);
    }

    @Test
    public void chatIsCutTo320BeforeEscaping() {
        User alice = standin.user("test", "alice");
        alice.chat("a".repeat(319) + "<<<");
        Received echo = alice.awaitMessage(r -> r.is("chatMsg") && "alice".equals(r.username()), WAIT);
        assertEquals("a".repeat(319) + "&lt;", echo.msg());
    }

    @Test
    public void registeredLoginAndPm() {
        User carol = standin.user("test", "carol", "secret");
        assertEquals(Map.of("success", true, "name", "carol"), carol.loginResult());
        User dave = standin.user("test", "dave");
        carol.pm("dave", "psst");
        Received pm = dave.awaitMessage(r -> r.is("pm"), WAIT);
        assertEquals("carol", pm.username());
        assertEquals("dave", pm.string("to"));
        carol.awaitMessage(r -> r.is("pm") && "psst".equals(r.msg()), WAIT);
    }

    @Test
    public void wrongPasswordGetsTheRealError() {
        User carol = standin.user(Json.obj("channel", "test", "name", "carol", "password", "nope"));
        assertEquals(Map.of("success", false, "error", "Invalid username/password combination"), carol.loginResult());
    }

    @Test
    public void discoveryAnswersForKnownChannelsOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> known = http.send(
                HttpRequest.newBuilder(URI.create(standin.baseUrl() + "/socketconfig/test.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, known.statusCode());
        assertEquals(
                Map.of("servers", List.of(Map.of("url", standin.baseUrl(), "secure", false))),
                Json.parse(known.body()));
        HttpResponse<String> unknown = http.send(
                HttpRequest.newBuilder(URI.create(standin.baseUrl() + "/socketconfig/nosuch.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertEquals(Map.of("error", "Channel \"nosuch\" does not exist."), Json.parse(unknown.body()));
    }

    @Test
    public void trafficLogShowsWhatAClientSent() {
        User alice = standin.user("test", "alice");
        alice.chat("logged");
        LogEntry sent = standin.awaitLog(
                LogQuery.in().simulated().event("chatMsg"), e -> "logged".equals(e.string("msg")), WAIT);
        assertEquals("alice", sent.name());
        assertEquals("test", sent.channel());
        assertEquals("42[\"chatMsg\",{\"msg\":\"logged\",\"meta\":{}}]", sent.raw());
    }

    @Test
    public void injectedFramesReachTheTargetAndAreLogged() {
        User alice = standin.user("test", "alice");
        standin.inject(Target.name("alice"), "42[\"mystery\",{\"a\":1}]");
        Received r = alice.awaitMessage(m -> m.is("mystery"), WAIT);
        assertEquals(Map.of("a", 1L), r.data());
        assertEquals(1, standin.count(LogQuery.out().name("alice").event("mystery")));
        assertTrue(standin.log(LogQuery.out().name("alice").type("raw")).get(0).injected());
    }

    @Test
    public void restartKeepsThePort() {
        User alice = standin.user("test", "alice");
        int port = standin.cytubePort();
        standin.restartCytube(Duration.ZERO);
        alice.awaitMessage(r -> r.is("$disconnect"), WAIT);
        standin.guestLoginDelay(0);
        alice.reconnect();
        assertTrue(alice.loggedIn());
        assertEquals(port, ((Number) standin.status().get("cytubePort")).intValue());
        assertEquals(2, standin.connections("server-start").size());
    }

    @Test
    public void jsonRoundTrip() {
        String text = "{\"a\":[1,2.5,\"x\\n\\u00e9\\\"\",true,false,null],\"b\":{},\"c\":-12345678901}";
        assertEquals(text.replace("\\u00e9", "é"), Json.write(Json.parse(text)));
    }
}
