package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;

/** Which WebSocket failures mean the server is not there (probe again) and which mean it refused (an attempt). */
class ServerAnswersUnreachableTest {

    private static final URI URL = URI.create("ws://127.0.0.1:1/socket.io/");

    @Test
    void noConnectionNoAnswerOrAServerErrorMeanUnreachable() {
        assertThat(ServerAnswers.unreachable(new ExecutionException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(ServerAnswers.unreachable(new TimeoutException())).isTrue();
        assertThat(ServerAnswers.unreachable(new UpgradeException(URL, 502, "Bad Gateway")))
                .isTrue();
    }

    @Test
    void anAnswerThatRefusesIsAnAttempt() {
        assertThat(ServerAnswers.unreachable(new UpgradeException(URL, 403, "Forbidden")))
                .isFalse();
        assertThat(ServerAnswers.unreachable(new IOException("protocol error"))).isFalse();
    }
}
