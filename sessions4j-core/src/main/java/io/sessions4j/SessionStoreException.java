package io.sessions4j;

/**
 * A store operation failed: the store is down, timed out, or answered something it should not have.
 * Names the store and the operation; never carries a session id in clear.
 */
public class SessionStoreException extends SessionException {
    private static final long serialVersionUID = 1L;

    private final String store;
    private final String operation;

    public SessionStoreException(String store, String operation, Throwable cause) {
        this(store, operation, cause == null ? "failed" : String.valueOf(cause.getMessage()), cause);
    }

    public SessionStoreException(String store, String operation, String detail, Throwable cause) {
        super(store + " " + operation + ": " + detail, cause);
        this.store = store;
        this.operation = operation;
    }

    /** The store's name, e.g. {@code MemoryStore} or {@code RedisStore}. */
    public String store() {
        return store;
    }

    /** The operation that failed, e.g. {@code get}, {@code replace}, {@code destroy}. */
    public String operation() {
        return operation;
    }
}
