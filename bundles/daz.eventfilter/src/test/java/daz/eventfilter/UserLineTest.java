package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.command.CommandOrigin;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.PrivateMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserLineTest {

    private static final Optional<String> BOT = Optional.of("DazBot");

    private static CytubeEvent chat(String user, String text, boolean replayed, boolean whisper) {
        return new CytubeEvent(
                "chan", "chatMsg", "{}", 1L, replayed, Optional.of(new ChatMessage(user, text, text, 1L, whisper)));
    }

    private static CytubeEvent pm(String from, String to, String text) {
        return new CytubeEvent(
                "chan", "pm", "{}", 1L, false, Optional.of(new PrivateMessage(from, to, text, text, 1L)));
    }

    @Test
    void aUsersChatLineIsTaken() {
        assertThat(UserLine.of(chat("alice", "!help", false, false), BOT))
                .contains(new UserLine("alice", "!help", CommandOrigin.CHAT));
    }

    @Test
    void theReplayedBacklogIsIgnored() {
        assertThat(UserLine.of(chat("alice", "!help", true, false), BOT)).isEmpty();
    }

    @Test
    void theBotsOwnLinesAreIgnoredWhateverTheCase() {
        assertThat(UserLine.of(chat("dazbot", "!help", false, false), BOT)).isEmpty();
        assertThat(UserLine.of(pm("DazBot", "alice", "!help"), BOT)).isEmpty();
    }

    @Test
    void serverWhispersAreIgnored() {
        assertThat(UserLine.of(chat("[server]", "!help", false, true), BOT)).isEmpty();
        assertThat(UserLine.of(chat("[server]", "!help", false, false), BOT)).isEmpty();
    }

    @Test
    void aPmToTheBotIsTakenAsAPmCommand() {
        assertThat(UserLine.of(pm("alice", "DazBot", "!help"), BOT))
                .contains(new UserLine("alice", "!help", CommandOrigin.PM));
    }

    @Test
    void otherEventsAreIgnored() {
        assertThat(UserLine.of(new CytubeEvent("chan", "usercount", "3", 1L, false, Optional.empty()), BOT))
                .isEmpty();
    }
}
