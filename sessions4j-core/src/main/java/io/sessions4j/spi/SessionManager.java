package io.sessions4j.spi;

import io.sessions4j.SessionConfig;
import io.sessions4j.SessionListener;
import io.sessions4j.SessionStoreException;
import io.sessions4j.UserSessions;
import io.sessions4j.internal.Engine;

/**
 * The engine as adapters see it: one per {@link SessionConfig}, shared by all requests. An adapter calls
 * {@link #open} when a request arrives, hands the application the {@link RequestScope}'s session, and
 * calls {@link RequestScope#commit()} before the response is committed.
 *
 * <pre>{@code
 * SessionManager sessions = SessionManager.create(config);
 * try (RequestScope scope = sessions.open(exchange)) {
 *     handler.handle(scope.session());   // whatever commits the response calls scope.commit() first
 *     scope.finish();                    // the end of the request
 * }
 * }</pre>
 */
public interface SessionManager {

    /**
     * An engine for this configuration.
     *
     * @param config the checked configuration
     * @return a new engine
     */
    static SessionManager create(SessionConfig config) {
        return new Engine(config);
    }

    /** {@return the configuration this engine runs} */
    SessionConfig config();

    /**
     * Reads the session cookie and loads the session (one store read when the cookie is valid; none
     * otherwise).
     *
     * @param exchange the request and its response
     * @return the request's scope, to commit and close
     * @throws SessionStoreException
 when the store fails; nothing needs closing then
     * @throws io.sessions4j.SessionLockTimeoutException in LOCK mode, when the lock was not obtained in time
     */
    RequestScope open(HttpExchange exchange);

    /**
     * {@return the live sessions of each principal, to list and end them} Backed by the store's
     * {@link SessionStore#principals() index}, so it answers the same on every instance sharing the store.
     *
     * @throws UnsupportedOperationException if the store keeps no index of sessions by principal
     */
    UserSessions userSessions();

    /**
     * Adds a lifecycle listener besides those of the configuration: an adapter's bridge to its framework's own
     * listeners, for example.
     *
     * @param listener the listener
     */
    void addListener(SessionListener listener);

    /**
     * Removes a listener added with {@link #addListener}; no effect when it is not there.
     *
     * @param listener the listener
     */
    void removeListener(SessionListener listener);

    /**
     * {@return the observer this engine reports to: the configuration's, combined} Adapters report what only
     * they know through it, such as how they answered a store failure ({@link SessionObserver#failed}).
     * {@link SessionObserver#none()} when the configuration registered none.
     */
    default SessionObserver observer() {
        return SessionObserver.none();
    }
}
