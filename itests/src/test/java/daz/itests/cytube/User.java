package daz.itests.cytube;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A simulated CyTube user: a real socket.io-client socket inside the stand-in, from a loopback address of its own.
 * Everything it receives is recorded with the time it arrived.
 */
public final class User {

    private final CytubeStandin standin;
    private final String id;
    private volatile Map<String, Object> status;

    User(CytubeStandin standin, String id, Map<String, Object> status) {
        this.standin = standin;
        this.id = id;
        this.status = status;
    }

    public String id() {
        return id;
    }

    /** The name it logged in with (as requested). */
    public String name() {
        return (String) status.get("name");
    }

    /** Fresh status: connected, loggedIn, login result, ip, sid, receivedEnd. */
    public Map<String, Object> status() {
        status = standin.get("/users/" + CytubeStandin.enc(id));
        return status;
    }

    public boolean loggedIn() {
        return Boolean.TRUE.equals(status().get("loggedIn"));
    }

    /** The server's answer to its last login ({@code {success, name[, guest]}} or {@code {success:false, error}}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> loginResult() {
        return (Map<String, Object>) status().get("login");
    }

    public void chat(String text) {
        standin.post(path("/chat"), Json.obj("msg", text));
    }

    public void pm(String to, String text) {
        standin.post(path("/pm"), Json.obj("to", to, "msg", text));
    }

    /** Sends any event (e.g. malformed payloads to see the server's answer). */
    public void emit(String event, Object data) {
        standin.post(path("/emit"), Json.obj("event", event, "data", data));
    }

    public void join(String channel) {
        status = standin.post(path("/join"), Json.obj("channel", channel));
    }

    public Map<String, Object> login(String name, String password) {
        status = standin.post(path("/login"), Json.obj("name", name, "password", password));
        return loginResult();
    }

    /** Disconnects (on CyTube, leaving is disconnecting). */
    public void leave() {
        standin.post(path("/leave"), Map.of());
    }

    /** Connects again and joins and logs in as before. */
    public void reconnect() {
        status = standin.post(path("/reconnect"), Map.of());
    }

    /** Disconnects and forgets it. */
    public void remove() {
        standin.call("DELETE", "/users/" + CytubeStandin.enc(id), null, Duration.ofSeconds(30));
    }

    /** The index the next received event will get. */
    public long cursor() {
        return ((Number) status().get("receivedEnd")).longValue();
    }

    /** Everything received so far. */
    public List<Received> received() {
        return received(null);
    }

    /** Everything received so far of these events (null: all). */
    public List<Received> received(String event) {
        Map<String, Object> r =
                standin.get(path("/received") + (event == null ? "" : "?event=" + CytubeStandin.enc(event)));
        List<Received> out = new ArrayList<>();
        for (Object o : Json.asList(r.get("entries"))) {
            out.add(Received.of(Json.asMap(o)));
        }
        return out;
    }

    /** The first received event (of all received so far and to come) matching the predicate. */
    public Received awaitMessage(Predicate<Received> predicate, Duration timeout) {
        return awaitMessage(0, predicate, timeout);
    }

    /** The first event received at index {@code since} or later matching the predicate. */
    public Received awaitMessage(long since, Predicate<Received> predicate, Duration timeout) {
        return standin.poll(path("/received"), since, Received::of, predicate, timeout, "user " + id + " to receive");
    }

    /**
     * The first event of {@code events} (comma-separated names) received at index {@code since} or later matching the
     * predicate: the stand-in answers the long poll only for those, so a busy channel's other events do not wake it.
     */
    public Received awaitMessage(long since, String events, Predicate<Received> predicate, Duration timeout) {
        return standin.poll(
                path("/received?event=" + CytubeStandin.enc(events)),
                since,
                Received::of,
                predicate,
                timeout,
                "user " + id + " to receive " + events);
    }

    /** The first chatMsg from {@code username} whose (HTML-escaped) text matches. */
    public Received awaitChat(String username, Predicate<String> msg, Duration timeout) {
        return awaitMessage(
                r -> r.is("chatMsg") && username.equalsIgnoreCase(r.username()) && msg.test(r.msg()), timeout);
    }

    private String path(String suffix) {
        return "/users/" + CytubeStandin.enc(id) + suffix;
    }

    @Override
    public String toString() {
        return "User[" + id + " " + status.get("name") + "]";
    }
}
