package daz.core;

/** What a {@link WebSocketEndpoint} reports of its socket, on Jetty's threads, one call at a time. */
interface LinkListener {

    /** The WebSocket is open. */
    void opened(Wire wire);

    /**
     * A whole text message arrived. {@code done} must be run once it has been handled: the endpoint reads nothing
     * more from the socket until then.
     */
    void text(String message, Runnable done);

    /** A message was skipped (binary, invalid UTF-8, too large); {@code reason} says why. */
    void skipped(String reason);

    /** The socket closed (by either side) or failed. */
    void closed(int statusCode, String reason);
}
