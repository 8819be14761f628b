package daz.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import daz.api.cytube.ChannelOptions;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.FloodLimit;
import daz.api.cytube.LoginResult;
import daz.api.cytube.Media;
import daz.api.cytube.Playlist;
import daz.api.cytube.PrivateMessage;
import daz.api.cytube.QueuedEntry;
import daz.api.cytube.Rank;
import daz.api.cytube.User;
import daz.api.cytube.UserList;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTranslatorTest {

    private final EventTranslator translator = new EventTranslator(new FrameCodec());
    private final ChannelData data = new ChannelData();

    private Object typed(String name, String raw) throws Exception {
        Object t = translator.translate(name, raw).orElseThrow();
        data.apply(t);
        return t;
    }

    @Test
    void aChatLineCarriesItsHtmlAndItsText() throws Exception {
        ChatMessage m = (ChatMessage) typed(
                "chatMsg",
                "{\"username\":\"alice\",\"msg\":\"<strong>counts</strong> &lt;3\",\"meta\":{},\"time\":17}");
        assertThat(m).isEqualTo(new ChatMessage("alice", "<strong>counts</strong> &lt;3", "counts <3", 17, false));
    }

    @Test
    void serverWhispersAreMarked() throws Exception {
        ChatMessage m = (ChatMessage) typed(
                "chatMsg",
                "{\"username\":\"[server]\",\"msg\":\"x\",\"meta\":{\"addClass\":\"server-whisper\"},\"time\":1}");
        assertThat(m.serverWhisper()).isTrue();
    }

    @Test
    void aPmHasItsRecipient() throws Exception {
        PrivateMessage pm = (PrivateMessage)
                typed("pm", "{\"username\":\"alice\",\"msg\":\"psst\",\"meta\":{},\"time\":3,\"to\":\"bot\"}");
        assertThat(pm.to()).isEqualTo("bot");
        assertThat(pm.text()).isEqualTo("psst");
    }

    @Test
    void usersAreKeptFromUserlistAddUserRanksAndLeaves() throws Exception {
        typed("userlist", "[{\"name\":\"alice\",\"rank\":1,\"meta\":{\"afk\":false}},{\"name\":\"bot\",\"rank\":2}]");
        typed("addUser", "{\"name\":\"Bob\",\"rank\":0,\"profile\":{},\"meta\":{\"afk\":true,\"muted\":false}}");
        typed("setUserRank", "{\"name\":\"bob\",\"rank\":2}");
        typed("setAFK", "{\"name\":\"alice\",\"afk\":true}");
        assertThat(data.users()).extracting(User::name).containsExactly("alice", "bot", "Bob");
        assertThat(data.user("BOB")).hasValue(new User("Bob", 2, true, false));
        assertThat(data.user("alice").orElseThrow().afk()).isTrue();
        typed("userLeave", "{\"name\":\"alice\"}");
        assertThat(data.users()).extracting(User::name).containsExactly("bot", "Bob");
    }

    @Test
    void theBotsOwnRankIsABareNumber() throws Exception {
        assertThat(typed("rank", "3")).isEqualTo(new Rank(3));
        assertThat(data.botRank()).isEqualTo(3);
    }

    @Test
    void mediaAndPlaylistAreKept() throws Exception {
        typed(
                "playlist",
                "[{\"media\":{\"id\":\"a\",\"title\":\"A\",\"seconds\":10,\"duration\":\"00:10\",\"type\":\"yt\"},\"uid\":1,\"temp\":true,\"queueby\":\"x\"}]");
        QueuedEntry q = (QueuedEntry)
                typed(
                        "queue",
                        "{\"item\":{\"media\":{\"id\":\"b\",\"title\":\"B\",\"seconds\":5,\"duration\":\"00:05\",\"type\":\"yt\"},\"uid\":2,\"temp\":false,\"queueby\":\"\"},\"after\":1}");
        assertThat(q.after()).hasValue(1);
        typed("moveVideo", "{\"from\":2,\"after\":\"prepend\"}");
        assertThat(data.playlist()).extracting(e -> e.uid()).containsExactly(2L, 1L);
        typed("delete", "{\"uid\":1}");
        assertThat(data.playlist()).extracting(e -> e.uid()).containsExactly(2L);
        Media m = (Media)
                typed(
                        "changeMedia",
                        "{\"id\":\"dQw\",\"title\":\"Never\",\"seconds\":212,\"duration\":\"03:32\",\"type\":\"yt\",\"meta\":{},\"currentTime\":1.5,\"paused\":false}");
        assertThat(data.media()).hasValue(m);
        assertThat(m.seconds()).isEqualTo(212);
        assertThat(((Playlist) translator.translate("playlist", "[]").orElseThrow()).entries())
                .isEmpty();
    }

    @Test
    void loginResultsSayWhatHappened() throws Exception {
        assertThat(typed("login", "{\"success\":true,\"name\":\"g\",\"guest\":true}"))
                .isEqualTo(new LoginResult(true, Optional.of("g"), true, Optional.empty()));
        assertThat(typed("login", "{\"success\":false,\"error\":\"User does not exist\"}"))
                .isEqualTo(new LoginResult(false, Optional.empty(), false, Optional.of("User does not exist")));
    }

    @Test
    void channelOptionsTellTheAntiflood() throws Exception {
        ChannelOptions o = (ChannelOptions)
                typed(
                        "channelOpts",
                        "{\"chat_antiflood\":true,\"chat_antiflood_params\":{\"burst\":4,\"sustained\":1,\"cooldown\":4},\"maxlength\":0}");
        assertThat(o.chatAntiflood()).isTrue();
        assertThat(o.antiflood()).isEqualTo(new FloodLimit(4, 1, 4));
        assertThat(o.chatMaxLength()).isEmpty();
    }

    @Test
    void unknownEventsHaveNoTypedPayload() throws Exception {
        assertThat(translator.translate("someNewEvent", "{\"x\":1}")).isEmpty();
    }

    @Test
    void wrongTypesInAKnownEventAreMalformed() {
        assertThatThrownBy(() -> translator.translate("chatMsg", "{\"username\":5,\"msg\":\"x\"}"))
                .isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> translator.translate("userlist", "{}")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> translator.translate("rank", "\"x\"")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> translator.translate("login", "{\"success\":\"yes\"}"))
                .isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void theUserlistIsOneRecord() throws Exception {
        assertThat(typed("userlist", "[]")).isEqualTo(new UserList(java.util.List.of()));
    }
}
