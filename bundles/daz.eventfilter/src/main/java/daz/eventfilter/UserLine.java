package daz.eventfilter;

import daz.api.command.CommandOrigin;
import daz.api.cytube.ChatMessage;
import daz.api.cytube.CytubeEvent;
import daz.api.cytube.PrivateMessage;
import java.util.Optional;

/**
 * A chat line or PM written by a user, as the EventFilter acts on it (commands, routing rules).
 *
 * @param user who wrote it
 * @param text the message with HTML entities unescaped
 * @param origin chat or PM
 */
record UserLine(String user, String text, CommandOrigin origin) {

    private static final String SERVER = "[server]";

    /**
     * The user's line in an event, unless it is to be ignored: the replayed backlog, a server whisper, the bot's own
     * chat line or PM (CyTube echoes the bot's PMs back to it). Empty for events that are no chat line or PM.
     *
     * @param bot the bot's name in the event's channel, if known
     */
    static Optional<UserLine> of(CytubeEvent event, Optional<String> bot) {
        if (event.replayed()) {
            return Optional.empty();
        }
        Optional<ChatMessage> chat = event.typed(ChatMessage.class);
        if (chat.isPresent()) {
            ChatMessage line = chat.get();
            if (line.serverWhisper() || SERVER.equals(line.username()) || isBot(bot, line.username())) {
                return Optional.empty();
            }
            return Optional.of(new UserLine(line.username(), line.text(), CommandOrigin.CHAT));
        }
        Optional<PrivateMessage> pm = event.typed(PrivateMessage.class);
        if (pm.isPresent()
                && !isBot(bot, pm.get().username())
                && !SERVER.equals(pm.get().username())) {
            return Optional.of(new UserLine(pm.get().username(), pm.get().text(), CommandOrigin.PM));
        }
        return Optional.empty();
    }

    /** Whether the event carries a chat line or a PM, whoever wrote it. */
    static boolean isLine(CytubeEvent event) {
        return event.typed(ChatMessage.class).isPresent()
                || event.typed(PrivateMessage.class).isPresent();
    }

    private static boolean isBot(Optional<String> bot, String user) {
        return bot.map(name -> name.equalsIgnoreCase(user)).orElse(false);
    }
}
