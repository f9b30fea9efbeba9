package io.sessions4j;

import java.time.Duration;

/**
 * A save kept losing the compare-and-set race against other saves of the same session, even under the
 * session's lock, until {@link SessionConfig#lockTimeout()} passed. Adapters treat it like a store failure.
 */
public class SessionConflictException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * A save that gave up.
     *
     * @param store the store's name
     * @param waited how long the save kept trying
     */
    public SessionConflictException(String store, Duration waited) {
        super(store, "replace", "gave up after " + waited.toMillis() + " ms of conflicting concurrent saves", null);
    }
}
