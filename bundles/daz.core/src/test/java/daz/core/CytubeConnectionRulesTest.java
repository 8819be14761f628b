package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules of {@link CytubeConnection} and {@link ServerDiscovery} that need no socket. */
class CytubeConnectionRulesTest {

    @Test
    void wrongCredentialsAndTakenNamesArePermanentTheGuestDelayIsNot() {
        assertThat(CytubeConnection.permanentLoginError("Invalid username/password combination"))
                .isTrue();
        assertThat(CytubeConnection.permanentLoginError("User does not exist")).isTrue();
        assertThat(CytubeConnection.permanentLoginError("That username is registered."))
                .isTrue();
        assertThat(CytubeConnection.permanentLoginError(
                        "Guest logins are restricted to one per IP address per 60 seconds."))
                .isFalse();
        assertThat(CytubeConnection.guestDelaySeconds(
                        "Guest logins are restricted to one per IP address per 60 seconds."))
                .hasValue(60L);
        assertThat(CytubeConnection.guestDelaySeconds("That name is already in use on this channel."))
                .isEmpty();
    }

    @Test
    void onlyThePerIpKickIsRetried() {
        assertThat(CytubeConnection.kickAllowsRetry("Too many connections from your IP address"))
                .isTrue();
        assertThat(CytubeConnection.kickAllowsRetry("Duplicate login")).isFalse();
        assertThat(CytubeConnection.kickAllowsRetry("You're banned!")).isFalse();
    }

    @Test
    void eventNamesBecomeValidTopicSegments() {
        assertThat(CytubeConnection.topicSegment("chatMsg")).isEqualTo("chatMsg");
        assertThat(CytubeConnection.topicSegment("a.b c*>\n")).isEqualTo("a_b_c___");
        assertThat(CytubeConnection.topicSegment("")).isEqualTo("_");
    }

    @Test
    void discoveryPrefersSecureServersAndKeepsTheServersOrder() throws Exception {
        ServerDiscovery discovery = new ServerDiscovery(null, new FrameCodec().mapper());
        List<ServerDiscovery.SocketServer> servers = discovery.parse(
                "{\"servers\":[{\"url\":\"http://a:8080\",\"secure\":false},{\"url\":\"https://v6:8443\",\"secure\":true,"
                        + "\"ipv6\":true},{\"url\":\"https://b:8443\",\"secure\":true},{\"url\":\"nonsense\"}]}",
                URI.create("https://cytu.be/socketconfig/x.json"));
        assertThat(servers)
                .extracting(s -> s.url().toString())
                .containsExactly("https://b:8443", "https://v6:8443", "http://a:8080");
        assertThat(servers.get(0).webSocketUri())
                .isEqualTo(URI.create("wss://b:8443/socket.io/?EIO=4&transport=websocket"));
        assertThat(servers.get(2).webSocketUri())
                .isEqualTo(URI.create("ws://a:8080/socket.io/?EIO=4&transport=websocket"));
    }

    @Test
    void theSetupAdviceNamesTheFileAndItsLines() {
        String text = ChannelSetupAdvice.adviceText("/opt/daz/etc");
        assertThat(text)
                .contains("/opt/daz/etc/daz.core.channel-<name>.cfg")
                .contains("channel = ", "user = ", "password = ")
                .doesNotContain("\n");
    }
}
