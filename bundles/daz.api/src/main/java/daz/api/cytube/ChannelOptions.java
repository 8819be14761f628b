package daz.api.cytube;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The parts of a channel's options ({@code channelOpts}) the bot acts on.
 *
 * @param chatAntiflood whether the channel's stricter antiflood applies to ranks below moderator
 * @param antiflood the antiflood's limit ({@code chat_antiflood_params})
 * @param chatMaxLength the channel's chat line limit, when the server announces one ({@code chat_max_length})
 */
public record ChannelOptions(boolean chatAntiflood, FloodLimit antiflood, OptionalInt chatMaxLength) {

    /** Checks the fields. */
    public ChannelOptions {
        Objects.requireNonNull(antiflood, "antiflood");
        Objects.requireNonNull(chatMaxLength, "chatMaxLength");
    }
}
