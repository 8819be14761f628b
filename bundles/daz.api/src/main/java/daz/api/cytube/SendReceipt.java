package daz.api.cytube;

/**
 * The reply to an {@link OutgoingChat} or {@link OutgoingPrivateMessage} published as a request: every part was
 * written to the server.
 *
 * @param channel the channel
 * @param lines how many chat lines the text became
 */
public record SendReceipt(String channel, int lines) {}
