package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

/**
 * The inbound path without a socket, for the fuzz tests: bytes as a WebSocket text message, strict UTF-8, the frame
 * codec, the typed payloads. Bad input must end as "skipped" (empty UTF-8 or a {@link MalformedFrameException}),
 * never as any other exception; what decodes must hold up.
 */
final class InboundFrames {

    private static final FrameCodec CODEC = new FrameCodec();
    private static final EventTranslator TRANSLATOR = new EventTranslator(CODEC);

    private InboundFrames() {}

    static void check(byte[] bytes) {
        Optional<String> text = WebSocketEndpoint.utf8(bytes, bytes.length);
        text.ifPresent(InboundFrames::check);
    }

    static void check(String frame) {
        Packet packet;
        try {
            packet = CODEC.decode(frame);
        } catch (MalformedFrameException expected) {
            return;
        }
        if (packet instanceof Packet.Event event) {
            // the raw payload is valid JSON and the topic segment is publishable
            try {
                CODEC.tree(event.raw());
            } catch (MalformedFrameException e) {
                throw new AssertionError("raw payload of a decoded event is not JSON: " + event.raw(), e);
            }
            String segment = ServerAnswers.topicSegment(event.name());
            assertThat(segment).isNotEmpty().doesNotContain(".", "*", ">", " ");
            try {
                TRANSLATOR.translate(event.name(), event.raw());
            } catch (MalformedFrameException expected) {
                // wrong types in a known event: skipped
            }
            // what the codec decoded, it encodes back to the same event
            if (event.arguments() == 1) {
                try {
                    Packet.Event again =
                            (Packet.Event) CODEC.decode(CODEC.encodeEvent(event.name(), CODEC.tree(event.raw())));
                    // compared as text: a number beyond double range reads back as the string "Infinity"
                    assertThat(CODEC.tree(again.raw()).toString())
                            .isEqualTo(CODEC.tree(event.raw()).toString());
                    assertThat(again.name()).isEqualTo(event.name());
                } catch (MalformedFrameException e) {
                    throw new AssertionError("re-encoded event does not decode: " + frame, e);
                }
            }
        }
    }
}
