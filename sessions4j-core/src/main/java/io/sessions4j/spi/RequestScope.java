package io.sessions4j.spi;

import io.sessions4j.Session;
import io.sessions4j.SessionStoreException;
import java.util.Optional;

/**
 * The session state of one request, between {@link SessionManager#open} and {@link #finish()}. The adapter
 * calls {@link #commit()} just before the response is committed (it may add {@code Set-Cookie}), then
 * {@link #finish()} at the very end of the request (it saves what changed after the commit), then
 * {@link #close()}, which releases what the request holds (the session lock in LOCK mode) whether or not the
 * commit ran; adapters call it in a {@code finally}.
 *
 * <p>After {@link #commit()}, a change that changes nothing (removing an absent key, putting an equal value)
 * is allowed and ignored; a real change to a session whose id the client already has (it came with the
 * request's cookie, or the commit sent it) is allowed and saved by {@link #finish()}; a change that needs a
 * {@code Set-Cookie} (a new session, {@code regenerate}, {@code changeId}, a cookie attribute) throws
 * {@link IllegalStateException}. {@code destroy} still deletes the session from the store, but its cookie
 * can no longer be expired in the browser. After {@link #close()} no real change is allowed.
 */
public interface RequestScope extends AutoCloseable {

    /**
     * {@return whether this request has a session at all} {@code false} when its path is outside the cookie's
     * path (express-session then leaves {@code req.session} undefined).
     */
    boolean sessionAvailable();

    /**
     * The session: the one loaded from the store, or a new one. After {@link Session#destroy()} or
     * {@link #unset()} a fresh session is generated.
     *
     * @return the session
     * @throws IllegalStateException when {@link #sessionAvailable()} is false
     */
    Session session();

    /**
     * {@return the session if it exists, without creating one} It exists when it was loaded from the store
     * or already obtained through {@link #session()} in this request
     * ({@code HttpServletRequest.getSession(false)}).
     */
    Optional<Session> existingSession();

    /**
     * {@return the id carried by a validly signed cookie of this request, if any} Or by its token header, when the
     * configuration's {@link io.sessions4j.IdTransport} reads one and it named the id.
     */
    Optional<String> requestedSessionId();

    /**
     * {@return whether {@link #requestedSessionId()} came in the session cookie rather than the token header} The
     * default suits a scope that knows only the cookie.
     */
    default boolean requestedSessionIdFromCookie() {
        return requestedSessionId().isPresent();
    }

    /** {@return whether the requested id named a live session that this request still uses} */
    boolean requestedSessionIdValid();

    /**
     * Drops the session from this request, as {@code req.session = null} does in express-session: with
     * {@link io.sessions4j.Unset#KEEP} the stored session stays as it is and this request's changes are
     * not saved; with {@link io.sessions4j.Unset#DESTROY} it is destroyed at commit.
     */
    void unset();

    /**
     * Decides and performs the end-of-request work: save, touch or destroy in the store, and the
     * {@code Set-Cookie} header through {@link HttpExchange#addHeader}. Runs once; later calls do nothing.
     *
     * @throws SessionStoreException when the store fails; no header has been added then
     */
    void commit();

    /** {@return whether {@link #commit()} has run (successfully or not)} */
    boolean isCommitted();

    /**
     * The end of the request: runs {@link #commit()} if it has not run; otherwise saves (or touches) what the
     * application changed after it, without any header (the response is gone). Runs once.
     *
     * @throws SessionStoreException when the store fails
     */
    void finish();

    /** Releases what the request holds. Idempotent. */
    @Override
    void close();
}
