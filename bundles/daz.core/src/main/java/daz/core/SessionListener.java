package daz.core;

import java.util.Optional;

/** Where a session reports its end and its milestones; calls are made under the session's lock, once each. */
interface SessionListener {

    /** The bot is in the channel: logged in, and the channel's user list came. */
    void ready(SocketIoSession session);

    /** The session is over; {@code kick} is the server's kick reason if it kicked the bot. */
    void lost(SocketIoSession session, String reason, Optional<String> kick, boolean wasReady);

    /** The server answered in a way that retrying cannot fix. */
    void configurationError(SocketIoSession session, String reason);

    /** The server refused the connection for its per-IP rate limit. */
    void rateLimited(SocketIoSession session);
}
