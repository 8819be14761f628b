package daz.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private final FrameCodec codec = new FrameCodec();

    @Test
    void decodesTheServersOpenPacket() throws Exception {
        Packet p = codec.decode(
                "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":120000,\"maxPayload\":1048576}");
        assertThat(p).isEqualTo(new Packet.Open("abc", 25000, 120000, 1048576));
    }

    @Test
    void anOpenPacketWithoutPingTimesIsMalformed() {
        assertThatThrownBy(() -> codec.decode("0{\"sid\":\"abc\"}")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> codec.decode("0{\"sid\":1,\"pingInterval\":1,\"pingTimeout\":1}"))
                .isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void decodesPingPongCloseAndNoop() throws Exception {
        assertThat(codec.decode("2")).isEqualTo(new Packet.Ping(""));
        assertThat(codec.decode("2probe")).isEqualTo(new Packet.Ping("probe"));
        assertThat(codec.decode("3")).isEqualTo(new Packet.Pong(""));
        assertThat(codec.decode("1")).isEqualTo(new Packet.Close());
        assertThat(codec.decode("6")).isEqualTo(new Packet.Noop('6'));
    }

    @Test
    void answersAPingWithAPongCarryingItsData() {
        assertThat(FrameCodec.pong("")).isEqualTo("3");
        assertThat(FrameCodec.pong("probe")).isEqualTo("3probe");
    }

    @Test
    void decodesNamespaceConnectDisconnectAndConnectError() throws Exception {
        assertThat(codec.decode("40{\"sid\":\"x\"}")).isEqualTo(new Packet.Connect("/", "{\"sid\":\"x\"}"));
        assertThat(codec.decode("40")).isEqualTo(new Packet.Connect("/", ""));
        assertThat(codec.decode("41")).isEqualTo(new Packet.Disconnect("/"));
        assertThat(codec.decode("44{\"message\":\"Rate limit exceeded\"}"))
                .isEqualTo(new Packet.ConnectError("/", "Rate limit exceeded"));
        assertThat(codec.decode("44\"Not authorized\"")).isEqualTo(new Packet.ConnectError("/", "Not authorized"));
    }

    @Test
    void anEventKeepsItsPayloadExactlyAsReceived() throws Exception {
        String payload = "{\"username\":\"alice\", \"msg\":\"caf\\u00e9 &amp; 1.50\",\"time\":1795421649575 }";
        Packet.Event e = (Packet.Event) codec.decode("42[\"chatMsg\"," + payload + "]");
        assertThat(e.name()).isEqualTo("chatMsg");
        assertThat(e.raw()).isEqualTo(payload);
        assertThat(e.arguments()).isEqualTo(1);
        assertThat(e.ackId()).isEmpty();
    }

    @Test
    void scalarPayloadsAreSlicedWhole() throws Exception {
        assertThat(((Packet.Event) codec.decode("42[\"rank\",255]")).raw()).isEqualTo("255");
        assertThat(((Packet.Event) codec.decode("42[\"usercount\",-1.5e3]")).raw())
                .isEqualTo("-1.5e3");
        assertThat(((Packet.Event) codec.decode("42[\"setMotd\",\"a \\\"b\\\"\"]")).raw())
                .isEqualTo("\"a \\\"b\\\"\"");
        assertThat(((Packet.Event) codec.decode("42[\"x\",true]")).raw()).isEqualTo("true");
        assertThat(((Packet.Event) codec.decode("42[\"x\",null]")).raw()).isEqualTo("null");
        assertThat(((Packet.Event) codec.decode("42[\"x\",[1,[2]]]")).raw()).isEqualTo("[1,[2]]");
    }

    @Test
    void anEventWithoutArgumentsHasNullAndOneWithSeveralAnArray() throws Exception {
        Packet.Event none = (Packet.Event) codec.decode("42[\"channelNotRegistered\"]");
        assertThat(none.raw()).isEqualTo("null");
        assertThat(none.arguments()).isZero();
        Packet.Event two = (Packet.Event) codec.decode("42[\"x\",1, {\"a\":2}]");
        assertThat(two.raw()).isEqualTo("[1, {\"a\":2}]");
        assertThat(two.arguments()).isEqualTo(2);
    }

    @Test
    void readsAckIdsAndNamespaces() throws Exception {
        Packet.Event e = (Packet.Event) codec.decode("42/chat,17[\"x\",{}]");
        assertThat(e.namespace()).isEqualTo("/chat");
        assertThat(e.ackId()).hasValue(17);
        assertThat(codec.decode("4312[\"ok\"]")).isEqualTo(new Packet.Ack("/", 12, "[\"ok\"]"));
    }

    @Test
    void rejectsWhatIsNotAValidFrame() {
        for (String bad : new String[] {
            "",
            "9",
            "4",
            "49",
            "42",
            "42{}",
            "42[1,2]",
            "42[\"x\",{",
            "42[\"x\",{}",
            "42[\"x\"]]",
            "42[\"x\"] 1",
            "42[\"x\",{\"a\":}]",
            "43[]",
            "45-[\"x\"]",
            "0not json",
            "42[\"x\",tru]",
            "4x",
            "42[null]",
            "42[]"
        }) {
            assertThatThrownBy(() -> codec.decode(bad)).as("frame %s", bad).isInstanceOf(MalformedFrameException.class);
        }
    }

    @Test
    void encodesAnEventAsTheWebClientDoes() {
        assertThat(codec.encodeEvent("joinChannel", Map.of("name", "chan")))
                .isEqualTo("42[\"joinChannel\",{\"name\":\"chan\"}]");
        assertThat(codec.encodeEvent(
                        "chatMsg", new java.util.TreeMap<>(Map.of("msg", "a \"q\" <b>", "meta", Map.of()))))
                .isEqualTo("42[\"chatMsg\",{\"meta\":{},\"msg\":\"a \\\"q\\\" <b>\"}]");
    }

    @Test
    void anEncodedEventDecodesToItsPayload() throws Exception {
        String frame = codec.encodeEvent("pm", Map.of("to", "bob"));
        Packet.Event e = (Packet.Event) codec.decode(frame);
        assertThat(e.name()).isEqualTo("pm");
        assertThat(e.raw()).isEqualTo("{\"to\":\"bob\"}");
    }

    @Test
    void aMegabytePayloadDecodes() throws Exception {
        String big = "x".repeat(1024 * 1024);
        Packet.Event e = (Packet.Event) codec.decode("42[\"big\",\"" + big + "\"]");
        assertThat(e.raw()).hasSize(big.length() + 2);
    }

    @Test
    void absurdNestingIsMalformedNotAStackOverflow() {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> codec.decode("42[\"x\"," + deep)).isInstanceOf(MalformedFrameException.class);
    }
}
