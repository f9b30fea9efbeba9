package io.sessions4j;

/**
 * A store operation failed: the store is down, timed out, or answered something it should not have.
 * Names the store and the operation; never carries a session id in clear.
 */
public class SessionStoreException extends SessionException {
    private static final long serialVersionUID = 1L;

    /** @serial the store's name */
    private final String store;
    /** @serial the operation that failed */
    private final String operation;

    /**
     * A failure whose message is the cause's.
     *
     * @param store the store's name, e.g. {@code RedisStore}
     * @param operation the operation that failed, e.g. {@code get}
     * @param cause the backend's exception
     */
    public SessionStoreException(String store, String operation, Throwable cause) {
        this(store, operation, cause == null ? "failed" : String.valueOf(cause.getMessage()), cause);
    }

    /**
     * A failure with its own detail message.
     *
     * @param store the store's name, e.g. {@code RedisStore}
     * @param operation the operation that failed, e.g. {@code get}
     * @param detail what went wrong, without session ids
     * @param cause the backend's exception, or {@code null}
     */
    public SessionStoreException(String store, String operation, String detail, Throwable cause) {
        super(store + " " + operation + ": " + detail, cause);
        this.store = store;
        this.operation = operation;
    }

    /** {@return the store's name, e.g. {@code MemoryStore} or {@code RedisStore}} */
    public String store() {
        return store;
    }

    /** {@return the operation that failed, e.g. {@code get}, {@code replace}, {@code destroy}} */
    public String operation() {
        return operation;
    }
}
