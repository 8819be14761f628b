package daz.core;

/** A frame that is not valid Engine.IO 4 / Socket.IO 4 as the bot speaks it; the message says what is wrong. */
final class MalformedFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedFrameException(String message) {
        super(message);
    }

    MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
