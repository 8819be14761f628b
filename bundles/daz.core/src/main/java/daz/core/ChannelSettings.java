package daz.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel's configuration, checked: {@link #problems()} lists what makes it unusable. The password is kept out of
 * {@link #toString()}.
 */
record ChannelSettings(
        String server,
        String channel,
        String user,
        Optional<String> password,
        int reconnectAttempts,
        Duration cooldown,
        Duration loginDelay,
        Duration backoffInitial,
        Duration backoffMax,
        int chatMaxLength,
        List<String> problems) {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSettings.class);

    /** CyTube's hard ceiling for a chat line. */
    static final int MAX_CHAT_LENGTH = 1000;

    static ChannelSettings from(ChannelConfiguration config) {
        List<String> problems = new ArrayList<>();
        String server = trim(config.server());
        while (server.endsWith("/")) {
            server = server.substring(0, server.length() - 1);
        }
        try {
            URI uri = new URI(server);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                problems.add("server must be an http(s) URL such as https://cytu.be, not '" + server + "'");
            }
        } catch (URISyntaxException e) {
            problems.add("server is not a URL: " + e.getMessage());
        }
        String channel = trim(config.channel());
        String user = trim(config.user());
        if (!channel.isEmpty() && !channel.matches("[\\w-]{1,30}")) {
            problems.add("channel must be 1-30 characters of a-z, A-Z, 0-9, - and _, not '" + channel + "'");
        }
        if (user.isEmpty()) {
            problems.add("user is missing (the bot's account, or a guest name)");
        } else if (!user.matches("[\\w-]{1,20}")) {
            problems.add("user must be 1-20 characters of a-z, A-Z, 0-9, - and _, not '" + user + "'");
        }
        String password = password(config, channel);
        int attempts = config.reconnect_attempts();
        if (attempts < 1) {
            problems.add("reconnect.attempts must be at least 1");
        }
        long initial = config.backoff_initial_ms();
        long max = config.backoff_max_ms();
        if (initial < 1 || max < initial) {
            problems.add("backoff.initial.ms must be at least 1 and backoff.max.ms at least as large");
        }
        int length = config.chat_max_length();
        if (length < 10 || length > MAX_CHAT_LENGTH) {
            problems.add("chat.max.length must be between 10 and " + MAX_CHAT_LENGTH);
        }
        return new ChannelSettings(
                server,
                channel,
                user,
                password.isEmpty() ? Optional.empty() : Optional.of(password),
                attempts,
                Duration.ofSeconds(Math.max(0, config.cooldown_seconds())),
                Duration.ofMillis(Math.max(0, config.login_delay_ms())),
                Duration.ofMillis(Math.max(1, initial)),
                Duration.ofMillis(Math.max(Math.max(1, initial), max)),
                Math.min(MAX_CHAT_LENGTH, Math.max(10, length)),
                List.copyOf(problems));
    }

    /** Whether the configuration names no channel (an unfilled example file): the link stays idle. */
    boolean unconfigured() {
        return channel.isEmpty();
    }

    /** Whether the bot logs in as a guest. */
    boolean guest() {
        return password.isEmpty();
    }

    @Override
    public String toString() {
        return "ChannelSettings[server=" + server + ", channel=" + channel + ", user=" + user + ", password="
                + (password.isPresent() ? "(set)" : "(none: guest)") + "]";
    }

    /**
     * The configured password: {@code .password}, else the old key {@code password} with a hint to rename it (the
     * connection registers no service of its own, so neither key becomes a service property).
     */
    private static String password(ChannelConfiguration config, String channel) {
        String current = config._password() == null ? "" : config._password();
        String old = config.password() == null ? "" : config.password();
        if (current.isEmpty() && !old.isEmpty()) {
            LOG.warn(
                    "Channel {}: its configuration names the password 'password': it is read, but rename the key to"
                            + " '.password' (the dot keeps it private)",
                    channel);
            return old;
        }
        return current;
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
