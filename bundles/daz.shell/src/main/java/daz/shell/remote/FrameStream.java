package daz.shell.remote;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Frames over a byte stream, both ways: a frame is its type's byte, the payload's length (4 bytes, big-endian) and
 * the payload. Sending is safe from several threads (a command's output may come from Gogo's pipe threads); one
 * thread receives.
 */
public final class FrameStream {

    private final DataInputStream in;
    private final OutputStream out;

    public FrameStream(InputStream in, OutputStream out) {
        this.in = new DataInputStream(new BufferedInputStream(in));
        this.out = out;
    }

    /** Writes the frame in one write, so frames of several threads never interleave. */
    public synchronized void send(Frame frame) throws IOException {
        byte[] payload = frame.payload();
        ByteBuffer wire = ByteBuffer.allocate(1 + Integer.BYTES + payload.length);
        wire.put(frame.type().code()).putInt(payload.length).put(payload);
        out.write(wire.array());
        out.flush();
    }

    /**
     * The next frame, or empty when the stream ends between two frames (the other end closed).
     *
     * @throws EOFException if the stream ends inside a frame
     * @throws ProtocolException if the bytes are no frame (an unknown type, a length out of bounds)
     */
    public Optional<Frame> receive() throws IOException {
        int code = in.read();
        if (code < 0) {
            return Optional.empty();
        }
        Frame.Type type = Frame.Type.of(code);
        if (type == null) {
            throw new ProtocolException("not a daz-shell frame: type byte " + code);
        }
        int length = in.readInt();
        if (length < 0 || length > Frame.MAX_PAYLOAD) {
            throw new ProtocolException("not a daz-shell frame: " + type + " of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return Optional.of(new Frame(type, payload));
    }
}
