package daz.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The Jetty WebSocket listener of one link (public: Jetty calls it reflectively). It takes whole frames rather than
 * Jetty's text messages so that a text message that is not valid UTF-8 can be skipped instead of Jetty closing the
 * socket (1007), and so that an oversized message is skipped rather than fatal. Messages are assembled from their
 * frames, decoded strictly, and handed to the {@link LinkListener}; the next frame is read only once the listener is
 * done with the message.
 */
public final class WebSocketEndpoint extends Session.Listener.AbstractAutoDemanding {

    private final LinkListener listener;
    private final int maxMessageBytes;
    private byte[] buffer = new byte[4096];
    private int length;
    private boolean text;
    private boolean overflow;
    private boolean inMessage;
    /** The socket's wire, once open: told when the connection ends, so that a clean close can wait for it. */
    private volatile JettyWire wire;

    WebSocketEndpoint(LinkListener listener, int maxMessageBytes) {
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        super.onWebSocketOpen(session);
        wire = new JettyWire(session);
        listener.opened(wire);
    }

    @Override
    public void onWebSocketFrame(Frame frame, Callback callback) {
        Frame.Type type = frame.getType();
        if (type == Frame.Type.TEXT || type == Frame.Type.BINARY) {
            inMessage = true;
            text = type == Frame.Type.TEXT;
            length = 0;
            overflow = false;
        } else if (type != Frame.Type.CONTINUATION || !inMessage) {
            callback.succeed();
            return;
        }
        append(frame.getPayload());
        if (!frame.isFin()) {
            callback.succeed();
            return;
        }
        inMessage = false;
        if (overflow) {
            callback.succeed();
            listener.skipped("message larger than " + maxMessageBytes + " bytes");
        } else if (!text) {
            callback.succeed();
            listener.skipped("binary message of " + length + " bytes");
        } else {
            java.util.Optional<String> message = utf8(buffer, length);
            if (message.isEmpty()) {
                callback.succeed();
                listener.skipped("text message of " + length + " bytes that is not valid UTF-8");
                return;
            }
            listener.text(message.get(), callback::succeed);
        }
        if (buffer.length > 65536) {
            buffer = new byte[4096];
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ended();
        listener.closed(statusCode, reason == null ? "" : reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        ended();
        listener.closed(-1, String.valueOf(cause));
    }

    private void ended() {
        if (wire != null) {
            wire.ended();
        }
    }

    private void append(ByteBuffer payload) {
        if (payload == null || overflow) {
            return;
        }
        int n = payload.remaining();
        if ((long) length + n > maxMessageBytes) {
            overflow = true;
            return;
        }
        if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + n, buffer.length * 2));
        }
        payload.duplicate().get(buffer, length, n);
        length += n;
    }

    /** The text of the first {@code length} bytes, or empty when they are not valid UTF-8. */
    static java.util.Optional<String> utf8(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return java.util.Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }
}
