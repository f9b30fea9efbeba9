package io.sessions4j;

import java.time.Duration;

/**
 * In {@link ConcurrencyMode#LOCK}, a request waited longer than {@link SessionConfig#lockTimeout()} for
 * the other requests of its session. Adapters treat it like a store failure.
 */
public class SessionLockTimeoutException extends SessionException {
    private static final long serialVersionUID = 1L;

    /**
     * A wait that timed out.
     *
     * @param waited how long the request waited
     */
    public SessionLockTimeoutException(Duration waited) {
        super("timed out after " + waited.toMillis() + " ms waiting for the session lock");
    }
}
