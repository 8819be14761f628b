package daz.api.cytube;

/**
 * The server dropped a chat line or PM of the bot's for flooding ({@code cooldown}). The bot's pacer is built so this
 * never happens; when it does, it is logged.
 *
 * @param millis the wait the server asks for, in milliseconds
 */
public record Cooldown(long millis) {}
