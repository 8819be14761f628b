package daz.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Finds a channel's socket servers: {@code GET <server>/socketconfig/<channel>.json} answers
 * {@code {"servers":[{"url":..,"secure":true},..]}}. Secure servers come first, then the others, each group in the
 * server's order with IPv6-only entries after the rest; a 404 (CyTube's answer for an invalid channel name) is a
 * configuration error.
 */
final class ServerDiscovery {

    /** One socket server to try. */
    record SocketServer(URI url, boolean secure, boolean ipv6) {

        /** The Engine.IO WebSocket endpoint of this server. */
        URI webSocketUri() {
            String scheme = url.getScheme().equalsIgnoreCase("https") ? "wss" : "ws";
            String path = url.getPath() == null ? "" : url.getPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return URI.create(scheme + "://" + url.getRawAuthority() + path + "/socket.io/?EIO=4&transport=websocket");
        }

        /**
         * The server process the per-IP connection limit is kept for: CyTube counts connections per process, and a
         * socket server URL (host and port) is one process.
         */
        String host() {
            int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        }
    }

    /**
     * Discovery failed: {@link #configurationError()} when retrying cannot help, {@link #unreachable()} when the
     * server did not answer at all (no connection, no answer in time, or HTTP 5xx: it is down or restarting).
     */
    static final class DiscoveryException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean configurationError;
        private final boolean unreachable;

        DiscoveryException(String message, boolean configurationError) {
            this(message, configurationError, false);
        }

        private DiscoveryException(String message, boolean configurationError, boolean unreachable) {
            super(message);
            this.configurationError = configurationError;
            this.unreachable = unreachable;
        }

        static DiscoveryException unreachable(String message) {
            return new DiscoveryException(message, false, true);
        }

        boolean configurationError() {
            return configurationError;
        }

        boolean unreachable() {
            return unreachable;
        }
    }

    private static final long TIMEOUT_SECONDS = 5;

    private final HttpClient http;
    private final ObjectMapper mapper;

    ServerDiscovery(HttpClient http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    /** The URL the servers of {@code channel} are asked at. */
    static URI socketConfigUri(String server, String channel) {
        return URI.create(server + "/socketconfig/" + URLEncoder.encode(channel, StandardCharsets.UTF_8) + ".json");
    }

    /** The servers to try, in order of preference. */
    List<SocketServer> find(String server, String channel) throws DiscoveryException, InterruptedException {
        URI uri = socketConfigUri(server, channel);
        ContentResponse response;
        try {
            response = http.newRequest(uri)
                    .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .headers(h -> h.put(HttpHeader.ACCEPT, "application/json"))
                    .send();
        } catch (TimeoutException e) {
            throw DiscoveryException.unreachable("no answer from " + uri + " within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw DiscoveryException.unreachable("cannot reach " + uri + ": " + cause);
        }
        String body = response.getContentAsString();
        if (response.getStatus() == 404) {
            throw new DiscoveryException(
                    "the server does not know channel '" + channel + "' (" + uri + " answered 404"
                            + errorText(body).map(t -> ": " + t).orElse("") + ")",
                    true);
        }
        if (response.getStatus() >= 500) {
            throw DiscoveryException.unreachable(uri + " answered HTTP " + response.getStatus());
        }
        if (response.getStatus() != 200) {
            throw new DiscoveryException(uri + " answered HTTP " + response.getStatus(), false);
        }
        return parse(body, uri);
    }

    /** The servers listed in a socketconfig answer, in order of preference. */
    List<SocketServer> parse(String body, URI from) throws DiscoveryException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new DiscoveryException(from + " answered something that is not JSON", false);
        }
        JsonNode servers = root == null ? null : root.get("servers");
        if (servers == null || !servers.isArray()) {
            throw new DiscoveryException(from + " answered without a servers list", false);
        }
        List<SocketServer> found = new ArrayList<>();
        for (JsonNode s : servers) {
            JsonNode url = s.get("url");
            if (url == null || !url.isTextual()) {
                continue;
            }
            try {
                URI u = new URI(url.asText());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                    found.add(new SocketServer(
                            u, s.path("secure").asBoolean(false), s.path("ipv6").asBoolean(false)));
                }
            } catch (java.net.URISyntaxException e) {
                // an unusable entry; the others may do
            }
        }
        if (found.isEmpty()) {
            throw new DiscoveryException(from + " listed no usable server", false);
        }
        found.sort(Comparator.comparing((SocketServer s) -> !s.secure()).thenComparing(SocketServer::ipv6));
        return List.copyOf(found);
    }

    private java.util.Optional<String> errorText(String body) {
        try {
            JsonNode error = mapper.readTree(body).get("error");
            return error != null && error.isTextual()
                    ? java.util.Optional.of(error.asText())
                    : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
