package daz.api.command;

/**
 * A chat command: register an implementation as an OSGi service (whiteboard) described by {@link Command}, and the
 * EventFilter answers {@code !name} with what {@link #answer} returns.
 *
 * <pre>{@code
 * @Component
 * @Command(name = "roll", aliases = "dice", cooldown = 10, description = "Rolls a die", usage = "!roll")
 * public class RollCommand implements CommandHandler {
 *     public String answer(CommandRequest request) {
 *         return request.caller() + " rolled " + ThreadLocalRandom.current().nextInt(1, 7);
 *     }
 * }
 * }</pre>
 *
 * The EventFilter checks rank, cooldowns and the spam limit before calling, says the answer where the command was
 * asked (the channel's chat or a PM to the caller), and audits every use. The call reaches the handler through the
 * event bus on a bus thread of its own, so it is counted in the bus metrics and a slow command delays no other; keep
 * it short, or implement {@link AsyncCommandHandler} for slow work. What the handler handled and how often it failed
 * is shown in {@code daz:status} without any code in the plugin.
 */
@FunctionalInterface
public interface CommandHandler {

    /**
     * Answers one use of the command.
     *
     * @param request who asked, where, with which arguments
     * @return the text to say; an empty text says nothing; {@code \n} starts a new line and long text is split
     * @throws Exception when the command fails: the caller hears that it failed, the log and {@code daz:status} say why
     */
    String answer(CommandRequest request) throws Exception;
}
