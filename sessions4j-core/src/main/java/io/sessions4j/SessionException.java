package io.sessions4j;

/** Base class of the unchecked exceptions this library throws. */
public class SessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what went wrong
     */
    public SessionException(String message) {
        super(message);
    }

    /**
     * An exception with a message and its cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
