package daz.api.command;

import java.util.Objects;

/**
 * The bus payload that answers a {@code command.<name>} request; a {@link CommandHandler} returns its text and the
 * EventFilter wraps it. An {@link daz.api.bus.EventHandler} command answers with
 * {@code bus.reply(event, new CommandReply(text))}. The
 * EventFilter says the text where the command was asked; long text is split into several lines and {@code \n} starts
 * a new line. An empty text says nothing.
 *
 * @param text plain text (the server escapes it)
 */
public record CommandReply(String text) {

    /** A reply that says nothing. */
    public static final CommandReply SILENT = new CommandReply("");

    /** Checks the field. */
    public CommandReply {
        Objects.requireNonNull(text, "text");
    }
}
