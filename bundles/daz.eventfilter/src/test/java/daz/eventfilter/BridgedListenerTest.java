package daz.eventfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import daz.api.bus.Event;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.User;
import daz.api.event.ChannelEvent;
import daz.api.event.ChannelListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgedListenerTest {

    private final PluginActivity activity = new PluginActivity("daz.plugin.test", Clock.systemUTC());
    private final List<ChannelEvent<?>> received = new ArrayList<>();

    private static Event event(CytubeEvent payload) {
        return TestEvents.published(CytubeEvent.TOPIC_PREFIX + payload.name(), payload, "daz.core");
    }

    private static CytubeEvent join(String name) {
        return new CytubeEvent(
                "chan",
                "addUser",
                "{\"name\":\"" + name + "\",\"rank\":1}",
                5L,
                false,
                Optional.of(new User(name, 1, false, false)));
    }

    private static CytubeEvent chat(String text, boolean replayed) {
        return new CytubeEvent(
                "chan", "chatMsg", "{}", 5L, replayed, Optional.of(new ChatMessage("bob", text, text, 1L, false)));
    }

    private BridgedListener listener(Class<?> type, boolean replayed) {
        ChannelListener<Object> recording = received::add;
        return new BridgedListener("listener 1", recording, type, replayed, activity);
    }

    @Test
    void handsTheTypedPayloadWithTheRawJsonAtHand() throws Exception {
        listener(User.class, false).handle(event(join("carol")));
        assertThat(received).hasSize(1);
        ChannelEvent<?> got = received.get(0);
        assertThat(got.payload()).isEqualTo(new User("carol", 1, false, false));
        assertThat(got.channel()).isEqualTo("chan");
        assertThat(got.raw()).contains("\"carol\"");
        assertThat(got.name()).isEqualTo("addUser");
        assertThat(activity.status().eventsHandled()).isEqualTo(1);
    }

    @Test
    void skipsEventsWhosePayloadIsOfAnotherType() throws Exception {
        listener(User.class, false).handle(event(chat("hi", false)));
        assertThat(received).isEmpty();
    }

    @Test
    void leavesOutTheReplayedBacklogUnlessAskedFor() throws Exception {
        listener(ChatMessage.class, false).handle(event(chat("old", true)));
        assertThat(received).isEmpty();
        listener(ChatMessage.class, true).handle(event(chat("old", true)));
        assertThat(received).hasSize(1);
    }

    @Test
    void objectTakesTheRawTextWhenDazKnowsNoType() throws Exception {
        listener(Object.class, false)
                .handle(event(new CytubeEvent("chan", "voteskip", "{\"count\":2}", 5L, false, Optional.empty())));
        assertThat(received).singleElement().extracting(ChannelEvent::payload).isEqualTo("{\"count\":2}");
    }

    @Test
    void aThrowingListenerIsCountedAndThrownToTheBus() {
        ChannelListener<Object> failing = e -> {
            throw new IllegalStateException("boom");
        };
        BridgedListener bridged = new BridgedListener("listener 1", failing, User.class, false, activity);
        assertThatThrownBy(() -> bridged.handle(event(join("dave")))).hasMessage("boom");
        assertThat(activity.status().lastError()).contains("listener 1 on addUser: IllegalStateException boom");
        assertThat(activity.status().failures()).isEqualTo(1);
    }

    @Test
    void topicsFollowTheCytubeEventNaming() {
        assertThat(PluginBridge.topicOf("chatMsg")).isEqualTo("cytube.event.chatMsg");
        assertThat(PluginBridge.topicOf("a.b c")).isEqualTo("cytube.event.a_b_c");
    }
}
