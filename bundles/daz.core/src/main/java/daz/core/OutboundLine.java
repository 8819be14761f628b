package daz.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line for the server: a chat line or a PM, already short enough for the channel's limit.
 *
 * @param to the PM's recipient; empty for a chat line
 * @param text the line
 * @param delivery told when the line is written
 */
record OutboundLine(Optional<String> to, String text, Delivery delivery) {

    OutboundLine {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(delivery, "delivery");
    }

    boolean privateMessage() {
        return to.isPresent();
    }

    /** The Socket.IO event name. */
    String event() {
        return to.isPresent() ? "pm" : "chatMsg";
    }

    /** The event's payload, as CyTube's web client sends it. */
    Object payload() {
        return to.isPresent()
                ? Map.of("to", to.get(), "msg", text, "meta", Map.of())
                : Map.of("msg", text, "meta", Map.of());
    }

    /** How often the server's limiter counts the line. */
    int weight() {
        return privateMessage() ? 1 : OutboundPacer.weightOf(text);
    }

    /** Counts down the lines of one message and says when the last one is written. */
    static final class Delivery {
        private final java.util.concurrent.atomic.AtomicInteger remaining;
        private final Runnable whenWritten;

        Delivery(int lines, Runnable whenWritten) {
            this.remaining = new java.util.concurrent.atomic.AtomicInteger(lines);
            this.whenWritten = whenWritten;
        }

        void lineWritten() {
            if (remaining.decrementAndGet() == 0) {
                whenWritten.run();
            }
        }
    }
}
