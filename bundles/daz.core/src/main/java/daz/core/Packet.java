package daz.core;

import java.util.Objects;
import java.util.OptionalLong;

/** One decoded Engine.IO 4 packet, or the Socket.IO 4 packet it carries: what {@link FrameCodec} makes of a frame. */
sealed interface Packet {

    /** {@code 0{...}}: the server's handshake. Times in milliseconds. */
    record Open(String sid, long pingInterval, long pingTimeout, long maxPayload) implements Packet {
        public Open {
            Objects.requireNonNull(sid, "sid");
        }
    }

    /** {@code 1}: the server closes the Engine.IO session. */
    record Close() implements Packet {}

    /** {@code 2}: the server's heartbeat; answered with a pong carrying the same data. */
    record Ping(String data) implements Packet {}

    /** {@code 3}: a pong (servers do not send them in EIO 4; accepted and ignored). */
    record Pong(String data) implements Packet {}

    /** {@code 5} upgrade or {@code 6} noop: nothing to do on a WebSocket-only link. */
    record Noop(char type) implements Packet {}

    /** {@code 40}: the namespace is open; {@code sidJson} is the server's JSON ({@code {"sid":...}}) or empty. */
    record Connect(String namespace, String sidJson) implements Packet {}

    /** {@code 41}: the server closed the namespace (after a kick, for instance). */
    record Disconnect(String namespace) implements Packet {}

    /** {@code 44}: the server refused the namespace, e.g. {@code Rate limit exceeded}. */
    record ConnectError(String namespace, String message) implements Packet {}

    /**
     * {@code 42[...]}: an event.
     *
     * @param raw the argument as received when there is one, {@code null} when there is none, a JSON array of the
     *     arguments when there are several
     * @param arguments how many arguments the event has
     */
    record Event(String namespace, OptionalLong ackId, String name, String raw, int arguments) implements Packet {
        public Event {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /** {@code 43[...]}: an acknowledgement of an event the bot sent with an ack id (the bot sends none). */
    record Ack(String namespace, long ackId, String raw) implements Packet {}
}
