package io.sessions4j;

/** What an adapter does when the store fails while a request loads or commits its session. */
public enum StoreFailurePolicy {
    /** Answer {@code 503 Service Unavailable} (when the response is not yet committed). The default. */
    SERVICE_UNAVAILABLE,
    /** Rethrow the {@link SessionStoreException} to the container or framework's error handling. */
    PROPAGATE,
    /**
     * When loading fails, run the request without a session (express-session's behaviour while its store
     * is disconnected); failures at commit are logged and the response goes out unchanged.
     */
    CONTINUE_WITHOUT_SESSION
}
