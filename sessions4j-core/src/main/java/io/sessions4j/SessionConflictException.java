package io.sessions4j;

/**
 * A save kept losing the compare-and-set race against other requests of the same session and gave up
 * after {@link SessionConfig#mergeAttempts()} tries. Adapters treat it like a store failure.
 */
public class SessionConflictException extends SessionStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * A save that gave up.
     *
     * @param store the store's name
     * @param attempts how many compare-and-set attempts were made
     */
    public SessionConflictException(String store, int attempts) {
        super(store, "replace", "gave up after " + attempts + " conflicting concurrent saves", null);
    }
}
