package daz.shell.remote;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A command's standard output or error as seen by Gogo: every write becomes {@link Frame.Type#OUT} or
 * {@link Frame.Type#ERR} frames, split at {@link Frame#MAX_PAYLOAD}. Closing it does nothing: Gogo closes its
 * streams when a thread writing them is interrupted, and the connection outlives each command.
 */
final class FrameOutput extends OutputStream {

    private final FrameStream frames;
    private final Frame.Type type;

    FrameOutput(FrameStream frames, Frame.Type type) {
        this.frames = frames;
        this.type = type;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        for (int start = offset, end = offset + length; start < end; start += Frame.MAX_PAYLOAD) {
            frames.send(Frame.output(type, bytes, start, Math.min(Frame.MAX_PAYLOAD, end - start)));
        }
    }
}
