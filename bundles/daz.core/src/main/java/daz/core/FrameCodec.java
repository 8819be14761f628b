package daz.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Decodes and encodes the text frames of an Engine.IO 4 WebSocket carrying Socket.IO 4: {@code 0{...}} open,
 * {@code 1} close, {@code 2}/{@code 3} ping/pong, {@code 4x} messages with the Socket.IO packets {@code 40}
 * connect, {@code 41} disconnect, {@code 42[...]} event, {@code 43[...]} ack and {@code 44} connect error.
 *
 * <p>Event arguments are kept as the exact JSON text received (sliced from the frame, never re-serialised). Anything
 * else (unknown packet types, truncated or invalid JSON, an event name that is not a string, trailing garbage,
 * binary attachments) is a {@link MalformedFrameException}. Thread-safe and stateless.
 */
final class FrameCodec {

    /** The default namespace, the only one CyTube uses. */
    static final String DEFAULT_NAMESPACE = "/";

    /** Opens the default namespace. */
    static final String CONNECT = "40";

    private static final long DEFAULT_MAX_PAYLOAD = 1_000_000;
    private static final int MAX_ACK_DIGITS = 18;

    private final JsonFactory json;
    private final ObjectMapper mapper;

    FrameCodec() {
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(500)
                        .maxStringLength(4 * 1024 * 1024)
                        .maxNumberLength(1000)
                        .build())
                .build();
        this.mapper = new ObjectMapper(json);
    }

    /** The mapper this codec parses with, for the typed payloads. */
    ObjectMapper mapper() {
        return mapper;
    }

    /** Decodes one text frame. */
    Packet decode(String frame) throws MalformedFrameException {
        if (frame.isEmpty()) {
            throw new MalformedFrameException("empty frame");
        }
        char type = frame.charAt(0);
        return switch (type) {
            case '0' -> open(frame);
            case '1' -> new Packet.Close();
            case '2' -> new Packet.Ping(frame.substring(1));
            case '3' -> new Packet.Pong(frame.substring(1));
            case '4' -> message(frame);
            case '5', '6' -> new Packet.Noop(type);
            default -> throw new MalformedFrameException("unknown Engine.IO packet type '" + printable(type) + "'");
        };
    }

    /** {@code 42["name",payload]} for the default namespace. */
    String encodeEvent(String name, Object payload) {
        try {
            return "42" + mapper.writeValueAsString(Arrays.asList(name, payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode event " + name + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The answer to a ping carrying {@code data} (usually empty). */
    static String pong(String data) {
        return "3" + data;
    }

    /** Parses a JSON text that the codec produced or sliced (an event's raw payload) into a tree. */
    JsonNode tree(String rawJson) throws MalformedFrameException {
        try {
            return mapper.readTree(rawJson);
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON: " + message(e), e);
        }
    }

    private Packet open(String frame) throws MalformedFrameException {
        JsonNode open = tree(frame.substring(1));
        JsonNode sid = open.get("sid");
        JsonNode interval = open.get("pingInterval");
        JsonNode timeout = open.get("pingTimeout");
        if (!open.isObject() || sid == null || !sid.isTextual()) {
            throw new MalformedFrameException("open packet without a sid");
        }
        if (interval == null || !interval.canConvertToLong() || interval.asLong() <= 0) {
            throw new MalformedFrameException("open packet without a positive pingInterval");
        }
        if (timeout == null || !timeout.canConvertToLong() || timeout.asLong() <= 0) {
            throw new MalformedFrameException("open packet without a positive pingTimeout");
        }
        JsonNode maxPayload = open.get("maxPayload");
        long max = maxPayload != null && maxPayload.canConvertToLong() && maxPayload.asLong() > 0
                ? maxPayload.asLong()
                : DEFAULT_MAX_PAYLOAD;
        return new Packet.Open(sid.asText(), interval.asLong(), timeout.asLong(), max);
    }

    private Packet message(String frame) throws MalformedFrameException {
        if (frame.length() < 2) {
            throw new MalformedFrameException("message packet without a Socket.IO packet");
        }
        char type = frame.charAt(1);
        int i = 2;
        String namespace = DEFAULT_NAMESPACE;
        if (i < frame.length() && frame.charAt(i) == '/') {
            int comma = frame.indexOf(',', i);
            int end = comma < 0 ? frame.length() : comma;
            namespace = frame.substring(i, end);
            i = comma < 0 ? frame.length() : comma + 1;
        }
        int digits = i;
        while (i < frame.length() && frame.charAt(i) >= '0' && frame.charAt(i) <= '9') {
            i++;
        }
        OptionalLong ackId = OptionalLong.empty();
        if (i > digits) {
            if (i - digits > MAX_ACK_DIGITS) {
                throw new MalformedFrameException("ack id too long");
            }
            ackId = OptionalLong.of(Long.parseLong(frame, digits, i, 10));
        }
        String data = frame.substring(i);
        return switch (type) {
            case '0' -> new Packet.Connect(namespace, objectOrEmpty(data, "connect"));
            case '1' -> new Packet.Disconnect(namespace);
            case '2' -> event(namespace, ackId, data);
            case '3' -> ack(namespace, ackId, data);
            case '4' -> new Packet.ConnectError(namespace, connectError(data));
            case '5', '6' -> throw new MalformedFrameException("binary Socket.IO packets are not supported");
            default -> throw new MalformedFrameException("unknown Socket.IO packet type '" + printable(type) + "'");
        };
    }

    private String objectOrEmpty(String data, String what) throws MalformedFrameException {
        if (data.isEmpty()) {
            return "";
        }
        if (!tree(data).isObject()) {
            throw new MalformedFrameException(what + " payload is not an object");
        }
        return data;
    }

    private String connectError(String data) throws MalformedFrameException {
        if (data.isEmpty()) {
            return "";
        }
        JsonNode node = tree(data);
        if (node.isTextual()) {
            return node.asText();
        }
        JsonNode message = node.get("message");
        return message != null && message.isTextual() ? message.asText() : data;
    }

    private Packet ack(String namespace, OptionalLong ackId, String data) throws MalformedFrameException {
        if (ackId.isEmpty()) {
            throw new MalformedFrameException("ack without an id");
        }
        if (!tree(data).isArray()) {
            throw new MalformedFrameException("ack payload is not an array");
        }
        return new Packet.Ack(namespace, ackId.getAsLong(), data);
    }

    /** Reads {@code ["name", args...]}, slicing the arguments' exact text out of {@code data}. */
    private Packet event(String namespace, OptionalLong ackId, String data) throws MalformedFrameException {
        try (JsonParser p = json.createParser(data)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedFrameException("event payload is not an array");
            }
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new MalformedFrameException("event name is not a string");
            }
            String name = p.getText();
            int arguments = 0;
            int firstStart = -1;
            int lastEnd = -1;
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new MalformedFrameException("truncated event");
                }
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                p.finishToken();
                int end = (int) p.currentLocation().getCharOffset();
                if (firstStart < 0) {
                    firstStart = start;
                }
                lastEnd = end;
                arguments++;
            }
            if (p.nextToken() != null) {
                throw new MalformedFrameException("data after the event's array");
            }
            String raw = switch (arguments) {
                case 0 -> "null";
                case 1 -> data.substring(firstStart, lastEnd);
                default -> "[" + data.substring(firstStart, lastEnd) + "]";
            };
            return new Packet.Event(namespace, ackId, name, raw, arguments);
        } catch (IOException e) {
            throw new MalformedFrameException("invalid event JSON: " + message(e), e);
        }
    }

    private static String message(IOException e) {
        if (e instanceof JsonProcessingException j) {
            String original = j.getOriginalMessage();
            return original.length() > 200 ? original.substring(0, 200) + "..." : original;
        }
        return String.valueOf(e.getMessage());
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c)
                ? String.format("\\u%04x", (int) c)
                : String.valueOf(c);
    }
}
