package daz.core;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.cytube.ChannelOptions;
import daz.api.cytube.FloodLimit;
import daz.api.cytube.Rank;
import daz.api.cytube.SendReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound path of one channel: a chat line or PM from the bus is split to the channel's line limit and queued
 * on the {@link OutboundWriter} whole or not at all; the sender, if it asked, gets a {@link SendReceipt} once every
 * line is written, or a failure when the channel cannot take it.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final ChannelSettings settings;
    private final ChannelData data;
    private final ConnectionStatus status;
    private final OutboundWriter writer;
    private final EventBus bus;
    private final int capacity;

    Outbox(
            ChannelSettings settings,
            ChannelData data,
            ConnectionStatus status,
            OutboundWriter writer,
            EventBus bus,
            int capacity) {
        this.settings = settings;
        this.data = data;
        this.status = status;
        this.writer = writer;
        this.bus = bus;
        this.capacity = capacity;
    }

    /** Queues a chat line ({@code to} empty) or PM from a bus event; replies to the event once written if asked. */
    void send(Event event, Optional<String> to, String text) {
        String channel = settings.channel();
        if (status.phase().terminal()) {
            refuse(
                    event,
                    "channel " + channel + " is not connected ("
                            + status.phase().topicSegment() + ")");
            return;
        }
        int limit = data.options()
                .flatMap(o -> o.chatMaxLength().isPresent()
                        ? Optional.of(o.chatMaxLength().getAsInt())
                        : Optional.empty())
                .map(l -> Math.min(l, ChannelSettings.MAX_CHAT_LENGTH))
                .orElse(settings.chatMaxLength());
        List<String> lines = LineSplitter.split(text, Math.max(10, limit));
        if (lines.isEmpty()) {
            if (event.isRequest()) {
                bus.reply(event, new SendReceipt(channel, 0));
            }
            return;
        }
        OutboundLine.Delivery delivery = new OutboundLine.Delivery(lines.size(), () -> {
            if (event.isRequest()) {
                bus.reply(event, new SendReceipt(channel, lines.size()));
            }
        });
        List<OutboundLine> queued = new ArrayList<>(lines.size());
        for (String line : lines) {
            queued.add(new OutboundLine(to, line, delivery));
        }
        if (!writer.offer(queued)) {
            refuse(event, "the outgoing queue of channel " + channel + " is full (" + capacity + " lines)");
        }
    }

    /** Lines waiting to go out. */
    int queued() {
        return writer.queued();
    }

    private void refuse(Event event, String why) {
        LOG.error(
                "Channel {}: refused a message from {} on {}: {}",
                settings.channel(),
                event.source(),
                event.topic(),
                why);
        if (event.isRequest()) {
            bus.fail(event, why);
        }
    }

    /**
     * The limit the server applies to a line of the bot now: the channel's antiflood limit for chat below moderator
     * rank when it is stricter than the per-user one, else the per-user one.
     */
    static FloodLimit limitFor(ChannelData data, OutboundLine line) {
        Optional<ChannelOptions> options = data.options();
        boolean antiflood = options.map(ChannelOptions::chatAntiflood).orElse(true);
        if (line.privateMessage() || !antiflood || data.botRank() >= Rank.MODERATOR) {
            return FloodLimit.PER_USER;
        }
        FloodLimit strict = options.map(ChannelOptions::antiflood).orElse(FloodLimit.ANTIFLOOD_DEFAULT);
        return strict.burst() <= FloodLimit.PER_USER.burst() && strict.sustained() <= FloodLimit.PER_USER.sustained()
                ? strict
                : FloodLimit.PER_USER;
    }
}
