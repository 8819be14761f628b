package daz.shell.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameStreamTest {

    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final FrameStream sender = new FrameStream(InputStream.nullInputStream(), wire);

    @Test
    void everyKindOfFrameArrivesAsItWasSent() throws IOException {
        List<Frame> sent = List.of(
                Frame.hello(),
                Frame.command("daz:channels ünïcode"),
                Frame.output(Frame.Type.OUT, "out\n".getBytes(StandardCharsets.UTF_8), 0, 4),
                Frame.output(Frame.Type.ERR, "xerrx".getBytes(StandardCharsets.UTF_8), 1, 3),
                Frame.status(1),
                Frame.exit(-7));
        for (Frame frame : sent) {
            sender.send(frame);
        }

        FrameStream receiver = receiver();
        assertThat(receiveAll(receiver)).containsExactlyElementsOf(sent);
        assertThat(sent.get(1).text()).isEqualTo("daz:channels ünïcode");
        assertThat(sent.get(3).text()).isEqualTo("err");
        assertThat(sent.get(5).number()).isEqualTo(-7);
        assertThat(Frame.hello().number()).isEqualTo(Frame.PROTOCOL_VERSION);
    }

    @Test
    void outputThatSpellsAStatusFrameArrivesAsOutputNotAsAStatus() throws IOException {
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        new FrameStream(InputStream.nullInputStream(), forged).send(Frame.status(0));
        byte[] fake = forged.toByteArray();
        sender.send(Frame.output(Frame.Type.OUT, fake, 0, fake.length));
        sender.send(Frame.status(1));

        List<Frame> received = receiveAll(receiver());
        assertThat(received).hasSize(2);
        assertThat(received.get(0).type()).isEqualTo(Frame.Type.OUT);
        assertThat(received.get(0).payload()).isEqualTo(fake);
        assertThat(received.get(1)).isEqualTo(Frame.status(1));
    }

    @Test
    void aStreamEndingBetweenFramesIsAnOrderlyEnd() throws IOException {
        sender.send(Frame.status(0));
        FrameStream receiver = receiver();
        assertThat(receiver.receive()).contains(Frame.status(0));
        assertThat(receiver.receive()).isEmpty();
    }

    @Test
    void aStreamEndingInsideAFrameIsAnError() throws IOException {
        sender.send(Frame.command("lb"));
        byte[] cut = Arrays.copyOf(wire.toByteArray(), wire.size() - 1);
        FrameStream receiver = new FrameStream(new ByteArrayInputStream(cut), OutputStream.nullOutputStream());
        assertThatThrownBy(receiver::receive).isInstanceOf(EOFException.class);
    }

    @Test
    void anUnknownFrameTypeIsRefused() {
        FrameStream receiver =
                receiverOf(ByteBuffer.allocate(5).put((byte) 'Z').putInt(0).array());
        assertThatThrownBy(receiver::receive)
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("type byte 90");
    }

    @Test
    void aLengthBeyondTheLimitOrNegativeIsRefusedBeforeReadingThePayload() {
        for (int length : new int[] {Frame.MAX_PAYLOAD + 1, -1, Integer.MAX_VALUE}) {
            FrameStream receiver = receiverOf(ByteBuffer.allocate(5)
                    .put(Frame.Type.OUT.code())
                    .putInt(length)
                    .array());
            assertThatThrownBy(receiver::receive)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(length + " bytes");
        }
    }

    @Test
    void aFrameCannotBeMadeLargerThanTheLimit() {
        assertThatThrownBy(() -> new Frame(Frame.Type.OUT, new byte[Frame.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLargeWriteIsSplitIntoFramesWithinTheLimitAndArrivesWhole() throws IOException {
        byte[] big = new byte[Frame.MAX_PAYLOAD * 2 + 123];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        new FrameOutput(sender, Frame.Type.ERR).write(big);

        List<Frame> frames = receiveAll(receiver());
        assertThat(frames).hasSize(3).allMatch(f -> f.type() == Frame.Type.ERR);
        assertThat(frames).allMatch(f -> f.payload().length <= Frame.MAX_PAYLOAD);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        frames.forEach(f -> joined.writeBytes(f.payload()));
        assertThat(joined.toByteArray()).isEqualTo(big);
    }

    @Test
    void closingTheOutputOfACommandKeepsTheConnectionUsable() throws IOException {
        FrameOutput output = new FrameOutput(sender, Frame.Type.OUT);
        output.close();
        output.write('x');
        assertThat(receiveAll(receiver())).containsExactly(Frame.output(Frame.Type.OUT, new byte[] {'x'}, 0, 1));
    }

    private FrameStream receiver() {
        return receiverOf(wire.toByteArray());
    }

    private static FrameStream receiverOf(byte[] bytes) {
        return new FrameStream(new ByteArrayInputStream(bytes), OutputStream.nullOutputStream());
    }

    private static List<Frame> receiveAll(FrameStream receiver) throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (Optional<Frame> f; (f = receiver.receive()).isPresent(); ) {
            frames.add(f.get());
        }
        return frames;
    }
}
