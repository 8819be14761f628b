package daz.itests.cytube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The CyTube stand-in ({@code itests/cytube-standin}, a Node process on the real socket.io server) for tests:
 * {@link #start(String...)} runs {@code node server.js} on ephemeral ports, the methods drive its control API, and
 * {@link #close()} ends the process. The bot connects to {@link #baseUrl()} (discovery at
 * {@code /socketconfig/<channel>.json}, socket.io at {@code /socket.io/}).
 *
 * <p>The stand-in's folder is the system property {@code daz.standin.dir}, else {@code cytube-standin} in the
 * working directory (the itests module when Maven runs the tests), else {@code itests/cytube-standin}; it must have
 * had {@code npm ci}. {@code node} comes from the PATH unless {@code daz.standin.node} names it. The stand-in's
 * stderr is appended to {@code daz.standin.log} (default {@code target/cytube-standin.log}).
 *
 * <p>Waiting methods ({@code await...}) long-poll the stand-in up to a deadline; none of them sleeps.
 */
public final class CytubeStandin implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_POLL_MS = 20_000;

    private final Process process;
    private final int cytubePort;
    private final int controlPort;
    private final String control;
    private final HttpClient http;

    private CytubeStandin(Process process, int cytubePort, int controlPort) {
        this.process = process;
        this.cytubePort = cytubePort;
        this.controlPort = controlPort;
        this.control = "http://127.0.0.1:" + controlPort;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Starts the stand-in on ephemeral ports and waits for its ready line. {@code args} are extra command-line
     * options of {@code server.js}, e.g. {@code "--channel", "test", "--account", "bot:secret:2"}.
     */
    public static CytubeStandin start(String... args) {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("socket.io"))) {
            throw new IllegalStateException("the CyTube stand-in in " + dir + " has no node_modules: run `npm ci` there"
                    + " (the itests build does it in generate-test-resources)");
        }
        Path log = Path.of(System.getProperty("daz.standin.log", "target/cytube-standin.log"))
                .toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("daz.standin.node", "node"),
                "server.js",
                "--port",
                "0",
                "--control-port",
                "0",
                "--exit-with-stdin"));
        command.addAll(Arrays.asList(args));
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + " in " + dir, e);
        }
        CompletableFuture<String> readyLine = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            readyLine.complete(line);
                        }
                        readyLine.completeExceptionally(new IOException("the stand-in's stdout ended"));
                    } catch (IOException e) {
                        readyLine.completeExceptionally(e);
                    }
                },
                "cytube-standin-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            Map<String, Object> ready =
                    Json.asMap(Json.parse(readyLine.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS)));
            return new CytubeStandin(
                    process,
                    ((Number) ready.get("cytubePort")).intValue(),
                    ((Number) ready.get("controlPort")).intValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting the stand-in", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "the CyTube stand-in did not start (" + e + "); its stderr: " + tail(log), e);
        }
    }

    /** Where {@code server.js} is. */
    public static Path directory() {
        String configured = System.getProperty("daz.standin.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path candidate : List.of(Path.of("cytube-standin"), Path.of("itests", "cytube-standin"))) {
            if (Files.isRegularFile(candidate.resolve("server.js"))) {
                return candidate.toAbsolutePath();
            }
        }
        return Path.of("cytube-standin").toAbsolutePath();
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Ends the stand-in (SIGTERM, then forcibly). */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // ---- where it is ----

    /** The CyTube side's port (discovery and socket.io); the same across stop/start. */
    public int cytubePort() {
        return cytubePort;
    }

    public int controlPort() {
        return controlPort;
    }

    /** The server base URL for the bot's configuration: {@code http://127.0.0.1:<cytubePort>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + cytubePort;
    }

    // ---- the whole stand-in ----

    /** Ports, running state, settings, channels, accounts, open connections, simulated users, log cursors. */
    public Map<String, Object> status() {
        return get("/status");
    }

    /**
     * Changes settings: pingInterval, pingTimeout (ms; new connections), maxPayload, limits (per-IP limits on/off),
     * connBurst, connPerSecond, ipConnectionLimit, guestLoginDelay (s), usercountThrottleMs, autoCreateChannels.
     */
    public Map<String, Object> config(Map<String, Object> settings) {
        return Json.asMap(post("/config", settings).get("config"));
    }

    /** Engine.IO pingInterval and pingTimeout for new connections (the real server: 25 s and 120 s). */
    public void pingTimes(Duration interval, Duration timeout) {
        config(Json.obj("pingInterval", interval.toMillis(), "pingTimeout", timeout.toMillis()));
    }

    /** The per-IP connection limits (5 in a burst then 1 per 10 s; 10 at once) on or off. */
    public void limits(boolean on) {
        config(Json.obj("limits", on));
    }

    /** One guest login per IP per this many seconds (the real server: 60; 0 = no restriction). */
    public void guestLoginDelay(int seconds) {
        config(Json.obj("guestLoginDelay", seconds));
    }

    /** Back to the state right after start: all sockets closed, users, channels, accounts and logs gone. */
    public void reset() {
        post("/reset", Map.of());
    }

    // ---- the CyTube side ----

    /** Stops the CyTube side: every connection cut (no close frames), the port closed. Control stays up. */
    public void stopCytube() {
        stopCytube(true);
    }

    /** {@code abrupt=false}: WebSocket close frames first, as a server shutting down cleanly. */
    public void stopCytube(boolean abrupt) {
        post("/cytube/stop", Json.obj("abrupt", abrupt));
    }

    /** Starts it again on the same port, with fresh connection limits (a new process, as far as clients see). */
    public void startCytube() {
        post("/cytube/start", Map.of());
    }

    /** Stop, stay down for {@code down}, start. */
    public void restartCytube(Duration down) {
        post("/cytube/restart", Json.obj("downMs", down.toMillis()), CALL_TIMEOUT.plus(down));
    }

    // ---- channels and accounts ----

    /** Creates a channel, or applies the keys given to an existing one. Returns its state. */
    public Map<String, Object> createChannel(ChannelConfig channel) {
        return put("/channels/" + enc(channel.name()), channel.toJson());
    }

    /** The channel's state: users, backlog, media, settings. */
    public Map<String, Object> channel(String name) {
        return get("/channels/" + enc(name));
    }

    public void deleteChannel(String name) {
        call("DELETE", "/channels/" + enc(name), null, CALL_TIMEOUT);
    }

    /** The channel's backlog (the chat lines sent on join), oldest first. */
    public List<Map<String, Object>> backlog(String channel) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Object o : Json.asList(channel(channel).get("backlog"))) {
            lines.add(Json.asMap(o));
        }
        return lines;
    }

    /** A site-wide account; {@code rank} counts in every channel (1 = registered user, 255 = site admin). */
    public void account(String name, String password, int rank) {
        put("/accounts/" + enc(name), Json.obj("password", password, "rank", rank));
    }

    /** Sets a user's rank in a channel; a user who is there gets rank and everyone setUserRank. */
    public void setRank(String channel, String user, int rank) {
        post("/channels/" + enc(channel) + "/rank", Json.obj("name", user, "rank", rank));
    }

    /** A chat line said by {@code username} (no socket needed), formatted like a real one; kept in the backlog. */
    public Map<String, Object> say(String channel, String username, String msg) {
        return post("/channels/" + enc(channel) + "/chat", Json.obj("username", username, "msg", msg));
    }

    /** Changes what plays: queue, setPlaylistMeta, setCurrent, changeMedia to everyone in the channel. */
    public void setMedia(String channel, String id, String title, int seconds) {
        setMedia(channel, id, title, seconds, "");
    }

    /** Changes what plays, as queued by {@code queuedBy} (the playlist entry's {@code queueby}). */
    public void setMedia(String channel, String id, String title, int seconds, String queuedBy) {
        post(
                "/channels/" + enc(channel) + "/media",
                Json.obj("id", id, "title", title, "seconds", seconds, "type", "yt", "queueby", queuedBy));
    }

    /** Sends any event to everyone in the channel. */
    public void emitToChannel(String channel, String event, Object data) {
        post("/channels/" + enc(channel) + "/emit", Json.obj("event", event, "data", data));
    }

    // ---- connections (the bot's) ----

    /** Open connections of real clients (not simulated users). */
    public List<Map<String, Object>> clients() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : Json.asList(get("/clients?sim=false").get("clients"))) {
            out.add(Json.asMap(o));
        }
        return out;
    }

    /** The server stops pinging that connection (and stops expecting pongs): for the client, a dead link. */
    public Map<String, Object> stopPings(Target target) {
        return post("/clients/pings", with(target, "enabled", false));
    }

    public Map<String, Object> resumePings(Target target) {
        return post("/clients/pings", with(target, "enabled", true));
    }

    /** A black hole: no pings, nothing sent to it, everything it sends ignored (logged as dropped). */
    public Map<String, Object> freeze(Target target) {
        return post("/clients/freeze", with(target, "frozen", true));
    }

    public Map<String, Object> unfreeze(Target target) {
        return post("/clients/freeze", with(target, "frozen", false));
    }

    /** Writes text WebSocket frames as they are, e.g. {@code 42["x",{}]}, {@code 4garbage} or truncated JSON. */
    public void inject(Target target, String... textFrames) {
        List<Object> frames = new ArrayList<>();
        for (String t : textFrames) {
            frames.add(Json.obj("text", t));
        }
        post("/clients/inject", with(target, "frames", frames));
    }

    /** Writes one binary WebSocket frame. */
    public void injectBinary(Target target, byte[] bytes) {
        post(
                "/clients/inject",
                with(
                        target,
                        "frames",
                        List.of(Json.obj("base64", Base64.getEncoder().encodeToString(bytes), "binary", true))));
    }

    /** Writes one TEXT frame made of these bytes, which need not be valid UTF-8. */
    public void injectTextBytes(Target target, byte[] bytes) {
        post(
                "/clients/inject",
                with(
                        target,
                        "frames",
                        List.of(Json.obj("base64", Base64.getEncoder().encodeToString(bytes), "binary", false))));
    }

    /** Sends an event to that connection through socket.io (a well-formed frame). */
    public void emitTo(Target target, String event, Object data) {
        Map<String, Object> body = with(target, "event", event);
        if (data != null) {
            body.put("data", data);
        }
        post("/clients/emit", body);
    }

    /** {@code kick {reason}} and a namespace disconnect, as a moderator's kick or ban. */
    public void kick(Target target, String reason) {
        post("/clients/kick", with(target, "reason", reason));
    }

    /** Cuts that connection: abruptly (TCP) or with a close frame. */
    public void disconnect(Target target, boolean abrupt) {
        post("/clients/disconnect", with(target, "abrupt", abrupt));
    }

    // ---- traffic log ----

    /** The index the next traffic-log entry will get: a cursor for {@link LogQuery#since(long)}. */
    public long logCursor() {
        return ((Number) status().get("trafficEnd")).longValue();
    }

    public List<LogEntry> log(LogQuery query) {
        Map<String, Object> r = get("/log?" + query.queryString());
        List<LogEntry> out = new ArrayList<>();
        for (Object o : Json.asList(r.get("entries"))) {
            out.add(LogEntry.of(Json.asMap(o)));
        }
        return out;
    }

    /** How many entries match, e.g. {@code count(LogQuery.out().name("bot").event("cooldown"))}. */
    public int count(LogQuery query) {
        return ((Number) get("/log?" + query.copy().with("count", "true").queryString())
                        .get("count"))
                .intValue();
    }

    /** Waits for a log entry matching the query and the predicate. */
    public LogEntry awaitLog(LogQuery query, Predicate<LogEntry> predicate, Duration timeout) {
        return poll("/log?" + query.queryString(), 0, LogEntry::of, predicate, timeout, "traffic " + query);
    }

    /** Waits until {@code n} entries match the query and returns them. */
    public List<LogEntry> awaitLogCount(LogQuery query, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<LogEntry> seen = log(query);
        long cursor = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).index() + 1;
        while (seen.size() < n) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + n + " entries of " + query
                        + "; got " + seen.size());
            }
            Map<String, Object> r =
                    get("/log?" + query.copy().since(cursor).queryString() + "&wait=" + Math.min(left, MAX_POLL_MS));
            for (Object o : Json.asList(r.get("entries"))) {
                seen.add(LogEntry.of(Json.asMap(o)));
            }
            cursor = ((Number) r.get("next")).longValue();
        }
        return seen;
    }

    // ---- connection log ----

    /** The connection log: kinds open, connect, close, socketconfig, server-start, server-stop (null: all). */
    public List<ConnectionEvent> connections(String kind) {
        Map<String, Object> r = get("/connections" + (kind == null ? "" : "?kind=" + enc(kind)));
        List<ConnectionEvent> out = new ArrayList<>();
        for (Object o : Json.asList(r.get("entries"))) {
            out.add(ConnectionEvent.of(Json.asMap(o)));
        }
        return out;
    }

    /** The most new connections (Engine.IO opens) real clients made within any window of this length. */
    public int maxNewConnections(Duration window) {
        return ((Number) get("/connections/stats?sim=false&window=" + window.toMillis())
                        .get("maxInWindow"))
                .intValue();
    }

    /** Waits for a connection-log entry of that kind matching the predicate. */
    public ConnectionEvent awaitConnection(String kind, Predicate<ConnectionEvent> predicate, Duration timeout) {
        return poll("/connections?kind=" + enc(kind), 0, ConnectionEvent::of, predicate, timeout, "connection " + kind);
    }

    // ---- simulated users ----

    /** A guest who connects, joins {@code channel} and logs in as {@code name}. */
    public User user(String channel, String name) {
        return user(Json.obj("channel", channel, "name", name));
    }

    /** A registered user (the account must exist: ChannelConfig.account or {@link #account}). */
    public User user(String channel, String name, String password) {
        return user(Json.obj("channel", channel, "name", name, "password", password));
    }

    /**
     * A simulated user from options: id, channel, name, password, ip (a 127.x.y.z address; default: one of its
     * own), timeoutMs. Returns once connected, joined and logged in (or refused: see {@link User#loginResult()}).
     */
    public User user(Map<String, Object> options) {
        Map<String, Object> status = post("/users", options);
        return new User(this, (String) status.get("id"), status);
    }

    // ---- HTTP plumbing ----

    <T> T poll(
            String path,
            long since,
            Function<Map<String, Object>, T> convert,
            Predicate<T> predicate,
            Duration timeout,
            String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long cursor = since;
        List<T> seen = new ArrayList<>();
        String sep = path.contains("?") ? "&" : "?";
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            Map<String, Object> r =
                    get(path + sep + "since=" + cursor + "&wait=" + Math.max(0, Math.min(left, MAX_POLL_MS)));
            for (Object o : Json.asList(r.get("entries"))) {
                T entry = convert.apply(Json.asMap(o));
                if (predicate.test(entry)) {
                    return entry;
                }
                seen.add(entry);
            }
            cursor = ((Number) r.get("next")).longValue();
            if (System.nanoTime() - deadline >= 0) {
                List<T> last = seen.subList(Math.max(0, seen.size() - 20), seen.size());
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
            }
        }
    }

    Map<String, Object> get(String path) {
        return Json.asMap(call("GET", path, null, CALL_TIMEOUT.plusMillis(MAX_POLL_MS)));
    }

    Map<String, Object> post(String path, Object body) {
        return post(path, body, CALL_TIMEOUT);
    }

    Map<String, Object> post(String path, Object body, Duration timeout) {
        return Json.asMap(call("POST", path, body, timeout));
    }

    Map<String, Object> put(String path, Object body) {
        return Json.asMap(call("PUT", path, body, CALL_TIMEOUT));
    }

    Object call(String method, String path, Object body, Duration timeout) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(control + path)).timeout(timeout);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    method + " " + path + " to the stand-in failed"
                            + (process.isAlive() ? "" : " (the stand-in process has ended)"),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    method + " " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return Json.parse(response.body());
    }

    private static Map<String, Object> with(Target target, String key, Object value) {
        Map<String, Object> body = new LinkedHashMap<>(target.fields());
        body.put(key, value);
        return body;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
