package daz.shell;

import daz.api.bus.Event;
import daz.api.bus.EventBus;
import daz.api.cytube.ChannelState;
import daz.api.cytube.OutgoingChat;
import daz.api.cytube.OutgoingPrivateMessage;
import daz.api.cytube.SendReceipt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code daz:say} and {@code daz:pm}: the operator speaks as the bot. The line goes on the bus
 * ({@code cytube.send.chat} / {@code cytube.send.pm}) to the channel's pacer, like every answer of the bot, so it is
 * split, paced and ordered with them; the command waits a few seconds for the receipt and says what became of it.
 */
@Component(
        service = SendCommands.class,
        property = {"osgi.command.scope=daz", "osgi.command.function=say", "osgi.command.function=pm"})
public class SendCommands {

    private static final Logger LOG = LoggerFactory.getLogger(SendCommands.class);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration DELIVERY = Duration.ofMinutes(5);

    private final EventBus bus;

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ChannelState> channels;

    @Activate
    public SendCommands(@Reference EventBus bus) {
        this.bus = bus;
    }

    @Descriptor("says a line in a channel's chat, paced with the bot's other lines")
    public String say(
            @Descriptor("the channel, as configured") String channel,
            @Descriptor("what to say (the rest of the line)") String... text) {
        String line = String.join(" ", text).strip();
        return send(channel, line, OutgoingChat.TOPIC, new OutgoingChat(channel, line), "Said in " + channel);
    }

    @Descriptor("sends a private message to a user of a channel, paced with the bot's other lines")
    public String pm(
            @Descriptor("the channel the user is in") String channel,
            @Descriptor("the user") String user,
            @Descriptor("what to send (the rest of the line)") String... text) {
        String line = String.join(" ", text).strip();
        return send(
                channel,
                line,
                OutgoingPrivateMessage.TOPIC,
                new OutgoingPrivateMessage(channel, user, line),
                "Sent to " + user + " in " + channel);
    }

    private String send(String channel, String line, String topic, Object payload, String done) {
        if (line.isEmpty()) {
            return "Nothing to send: give the text after the channel.";
        }
        Optional<ChannelState> state = ChannelState.find(channels, channel);
        if (state.isEmpty()) {
            return "No channel " + channel + " is configured (daz:channels lists them).";
        }
        LOG.info("Shell: {} on {} ({} characters)", topic, channel, line.length());
        var receipt = bus.request(topic, payload, DELIVERY).toCompletableFuture();
        try {
            Event reply = receipt.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            int lines = reply.payload() instanceof SendReceipt r ? r.lines() : 1;
            return done + " (" + lines + (lines == 1 ? " line)." : " lines).");
        } catch (TimeoutException e) {
            return "Queued for " + channel + "; not sent yet (the link is "
                    + state.get().connection().phase().topicSegment() + "): it goes out when the channel is ready.";
        } catch (ExecutionException e) {
            return "Not sent: " + e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted; the line is queued and goes out when the channel is ready.";
        }
    }
}
