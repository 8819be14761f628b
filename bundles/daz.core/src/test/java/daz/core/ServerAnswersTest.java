package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules of {@link ServerAnswers} and {@link ServerDiscovery} that need no socket. */
class ServerAnswersTest {

    @Test
    void wrongCredentialsAndTakenNamesArePermanentTheGuestDelayIsNot() {
        assertThat(ServerAnswers.permanentLoginError("Invalid username/password combination"))
                .isTrue();
        assertThat(ServerAnswers.permanentLoginError("User does not exist")).isTrue();
        assertThat(ServerAnswers.permanentLoginError("That username is registered."))
                .isTrue();
        assertThat(ServerAnswers.permanentLoginError(
                        "Guest logins are restricted to one per IP address per 60 seconds."))
                .isFalse();
        assertThat(ServerAnswers.guestDelaySeconds("Guest logins are restricted to one per IP address per 60 seconds."))
                .hasValue(60L);
        assertThat(ServerAnswers.guestDelaySeconds("That name is already in use on this channel."))
                .isEmpty();
    }

    @Test
    void onlyThePerIpKickIsRetried() {
        assertThat(ServerAnswers.kickAllowsRetry("Too many connections from your IP address"))
                .isTrue();
        assertThat(ServerAnswers.kickAllowsRetry("Duplicate login")).isFalse();
        assertThat(ServerAnswers.kickAllowsRetry("You're banned!")).isFalse();
    }

    @Test
    void eventNamesBecomeValidTopicSegments() {
        assertThat(ServerAnswers.topicSegment("chatMsg")).isEqualTo("chatMsg");
        assertThat(ServerAnswers.topicSegment("a.b c*>\n")).isEqualTo("a_b_c___");
        assertThat(ServerAnswers.topicSegment("")).isEqualTo("_");
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
