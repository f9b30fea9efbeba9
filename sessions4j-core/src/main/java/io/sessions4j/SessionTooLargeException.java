package io.sessions4j;

/**
 * A session could not be saved because it is over one of the {@link SessionLimits}: the store still holds
 * what it held before. The message names the limit and the largest keys.
 */
public class SessionTooLargeException extends SessionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the limit and the largest keys
     */
    public SessionTooLargeException(String message) {
        super(message);
    }
}
