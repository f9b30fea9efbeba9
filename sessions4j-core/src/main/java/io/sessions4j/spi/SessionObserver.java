package io.sessions4j.spi;

/**
 * Told what the engine does, for metrics: store calls and their duration, loads, saves, touches, merges,
 * locks, failures and rejected session ids. Register one with
 * {@link io.sessions4j.SessionConfig.Builder#observer(SessionObserver)}; {@code sessions4j-micrometer} adapts
 * it to Micrometer. Every method has an empty default, so an observer implements only what it counts.
 *
 * <p>Methods are called on request threads, synchronously, and must be quick and never throw: an exception
 * from an observer is not caught and fails the request. With no observer registered the engine reports to
 * {@link #none()}, reads no clock and measures no size for it.
 */
public interface SessionObserver {

    /** What a store read found. */
    enum LoadResult {
        /** A live, readable session. */
        HIT,
        /** No record, or one that had expired (by the store, or by the absolute timeout). */
        MISS,
        /** A record the engine could not read (corrupt JSON, or over this configuration's limits). */
        UNREADABLE
    }

    /** Why a session id the client sent (cookie or header) was not used. */
    enum Rejection {
        /** It did not start with {@code s:}: not signed at all. */
        UNSIGNED,
        /** It had the signed form, but no secret's signature matched. */
        TAMPERED,
        /**
         * It started with {@code s:} but was not {@code s:<id>.<signature>} (no dot, empty id, bad length); or the
         * token header held several different tokens, or one longer than any token issued.
         */
        MALFORMED
    }

    /** What failed a request's session work, as the adapter answered it. */
    enum FailureCause {
        /** The store failed (connection, time-out, error). */
        STORE,
        /** A save kept conflicting past the lock time-out. */
        CONFLICT,
        /** The session's lock was not obtained in time (LOCK mode). */
        LOCK_TIMEOUT
    }

    /** How an adapter answered a request whose session work failed. */
    enum FailureResponse {
        /** A clean 503 replaced the response. */
        SERVICE_UNAVAILABLE,
        /** The request went on without its session (or its save). */
        CONTINUED,
        /** The failure was thrown to the application's container. */
        PROPAGATED,
        /** The response had already gone out; only the log knows. */
        AFTER_RESPONSE
    }

    /**
     * One call to the store.
     *
     * @param store the store's {@link SessionStore#name()}
     * @param operation {@code get}, {@code set}, {@code replace}, {@code touch}, {@code destroy}, {@code lock} or
     *     {@code unlock}
     * @param success whether it returned (a {@code false} answer of {@code replace} is a success)
     * @param nanos how long it took
     */
    default void storeOperation(String store, String operation, boolean success, long nanos) {
    }

    /**
     * A store read for a validly signed id.
     *
     * @param result what it found
     */
    default void loaded(LoadResult result) {
    }

    /** A new session was stored for the first time. */
    default void sessionCreated() {
    }

    /**
     * A session was written to the store.
     *
     * @param bytes the size of the written JSON, in UTF-8 bytes
     */
    default void saved(int bytes) {
    }

    /** The engine moved an unchanged session's expiry in the store at the end of a request. */
    default void touched() {
    }

    /**
     * An unchanged session's touch was not due ({@code touchAfter}), or the store had already done it while
     * reading ({@link SessionStore#getAndTouch}), so nothing was written.
     */
    default void touchSkipped() {
    }

    /** A save found that another request had saved the session in between (its first compare-and-set failed). */
    default void mergeConflict() {
    }

    /** A save wrote again after merging in another request's changes. */
    default void mergeRetry() {
    }

    /**
     * A session's lock was obtained (LOCK mode, or a save that kept conflicting).
     *
     * @param nanos how long the request waited for it
     */
    default void lockWaited(long nanos) {
    }

    /** A session's lock was not obtained within the lock time-out. */
    default void lockTimedOut() {
    }

    /**
     * An adapter answered a request whose session work failed (reported by the servlet filter).
     *
     * @param cause what failed
     * @param response how the request was answered
     */
    default void failed(FailureCause cause, FailureResponse response) {
    }

    /**
     * A session id the client sent was refused before any store access.
     *
     * @param reason why
     */
    default void rejected(Rejection reason) {
    }

    /** {@return an observer that counts nothing} The engine's observer when none is registered. */
    static SessionObserver none() {
        return NoObserver.INSTANCE;
    }
}
