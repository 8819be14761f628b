package daz.plugin.mediatracker;

import daz.api.command.CommandHandler;
import daz.api.command.CommandRequest;
import java.util.OptionalInt;

/** A command that lists up to {@code n} items of the channel it was asked in: {@code !name [n]}. */
abstract class ListingCommand implements CommandHandler {

    protected final PlayLog plays;
    protected final MediaTrackerConfiguration config;
    private final String name;

    ListingCommand(String name, PlayLog plays, MediaTrackerConfiguration config) {
        this.name = name;
        this.plays = plays;
        this.config = config;
    }

    @Override
    public String answer(CommandRequest request) {
        OptionalInt n = MediaText.count(request.argList(), config.list_default(), config.list_max());
        if (n.isEmpty()) {
            return "Usage: !" + name + " [1-" + config.list_max() + "]";
        }
        return list(request.channel(), n.getAsInt());
    }

    /** The answer listing {@code n} items of {@code channel}. */
    abstract String list(String channel, int n);
}
