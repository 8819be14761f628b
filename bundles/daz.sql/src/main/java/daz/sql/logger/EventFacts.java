package daz.sql.logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import daz.api.bus.Event;
import daz.api.cytube.ChatHtml;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.PrivateMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One event as the rules see it: the envelope's facts and its JSON payload, read once and only as far as the rules
 * ask. Rules that only name top-level fields (the built-in ones) get them from one streaming pass over the raw
 * JSON, without building a tree: this runs on the publisher's thread for every chat line. For one event on one
 * thread.
 */
final class EventFacts {

    private final Event event;
    private final CytubeEvent cytube;
    private final ObjectMapper json;
    private final Set<String> topLevelFields;
    private final Timestamps timestamps;
    private String raw;
    private JsonNode payload;
    private Map<String, String> fields;

    /**
     * @param topLevelFields the only payload fields the rules read, all at the top level; {@code null} when some
     *     rule reads deeper (then the payload is parsed into a tree)
     */
    EventFacts(Event event, ObjectMapper json, Set<String> topLevelFields, Timestamps timestamps) {
        this.event = event;
        this.cytube = event.payload() instanceof CytubeEvent c ? c : null;
        this.json = json;
        this.topLevelFields = cytube == null ? null : topLevelFields;
        this.timestamps = timestamps;
    }

    String topic() {
        return event.topic();
    }

    String source() {
        return event.source();
    }

    String channel() {
        return cytube == null ? null : cytube.channel();
    }

    /** The CyTube event name, or the last segment of the topic for other events. */
    String name() {
        if (cytube != null) {
            return cytube.name();
        }
        String topic = event.topic();
        return topic.substring(topic.lastIndexOf('.') + 1);
    }

    boolean replayed() {
        return cytube != null && cytube.replayed();
    }

    String receivedAt() {
        return timestamps.iso(cytube == null ? event.timestamp() : cytube.receivedAt());
    }

    /** The payload's JSON text exactly as received (for other events: the payload as JSON). */
    String raw() {
        if (raw == null) {
            if (cytube != null) {
                raw = cytube.raw();
            } else {
                try {
                    raw = json.writeValueAsString(event.payload());
                } catch (JsonProcessingException | RuntimeException e) {
                    raw = json.getNodeFactory()
                            .textNode(String.valueOf(event.payload()))
                            .toString();
                }
            }
        }
        return raw;
    }

    /**
     * A top-level field of the payload as text (a string as it is, a number or boolean as written, an object or
     * array as JSON), or {@code null} if it is missing or JSON null.
     */
    String field(String name) {
        if (topLevelFields != null && topLevelFields.contains(name)) {
            if (fields == null) {
                fields = scan();
            }
            return fields.get(name);
        }
        return text(payload().path(name));
    }

    JsonNode payload() {
        if (payload == null) {
            try {
                payload = cytube != null ? json.readTree(cytube.raw()) : json.valueToTree(event.payload());
            } catch (JsonProcessingException | RuntimeException e) {
                payload = MissingNode.getInstance(); // not JSON: paths find nothing, raw keeps it all
            }
            if (payload == null) {
                payload = MissingNode.getInstance();
            }
        }
        return payload;
    }

    static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** One pass over the raw JSON that keeps the wanted top-level fields and skips everything else. */
    private Map<String, String> scan() {
        Map<String, String> found = new HashMap<>(8);
        try (JsonParser parser = json.getFactory().createParser(cytube.raw())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            for (String name; (name = parser.nextFieldName()) != null; ) {
                JsonToken token = parser.nextToken();
                if (!topLevelFields.contains(name)) {
                    parser.skipChildren();
                    continue;
                }
                found.put(
                        name,
                        switch (token) {
                            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
                            case VALUE_TRUE -> "true";
                            case VALUE_FALSE -> "false";
                            case START_OBJECT, START_ARRAY ->
                                json.readTree(parser).toString();
                            default -> null;
                        });
            }
        } catch (IOException | RuntimeException e) {
            // not (all) JSON: keep what was read before the fault; raw keeps everything
        }
        return found;
    }

    /** The readable text of a chat line or PM: the typed payload's, else {@code msg} unescaped. */
    String text() {
        if (cytube != null) {
            Optional<String> typed = cytube.typed(ChatMessage.class)
                    .map(ChatMessage::text)
                    .or(() -> cytube.typed(PrivateMessage.class).map(PrivateMessage::text));
            if (typed.isPresent()) {
                return typed.get();
            }
        }
        String msg = field("msg");
        return msg == null ? null : ChatHtml.unescape(msg);
    }
}
