package io.sessions4j;

import java.util.List;

/**
 * The live sessions of a principal ({@link Session#principal(String)}), read from the store's index of sessions
 * by principal: the same across every instance sharing the store. Get it from
 * {@link io.sessions4j.spi.SessionManager#userSessions()} (or the servlet filter's {@code userSessions()}).
 *
 * <pre>{@code
 * UserSessions users = filter.userSessions();
 * List<UserSession> devices = users.list("alice", "userAgent");
 * users.destroyOthers(SessionFilter.session(request));   // "sign out my other devices"
 * users.destroyAll("alice");                             // "log out everywhere", e.g. after a password change
 * }</pre>
 *
 * <p>Ending sessions here tells the {@link SessionListener}s ({@link SessionListener#destroyed}). A session
 * ended while one of its requests is in flight is not brought back by that request's save. Failures are
 * {@link SessionStoreException}s.
 */
public interface UserSessions {

    /**
     * The principal's live sessions, the one that expires first first.
     *
     * @param principal the principal
     * @param attributes session keys whose values to show with each session (e.g. {@code "userAgent"})
     * @return the sessions; empty when none
     */
    List<UserSession> list(String principal, String... attributes);

    /**
     * Ends one of the principal's sessions.
     *
     * @param principal the principal
     * @param id the session's id (from {@link UserSession#id()})
     * @return {@code false} when the session is gone or is not the principal's (then nothing is ended)
     */
    boolean destroy(String principal, String id);

    /**
     * Ends every session of the principal ("log out everywhere").
     *
     * @param principal the principal
     * @return how many sessions were ended
     */
    int destroyAll(String principal);

    /**
     * Ends every session of the current session's principal except the current one.
     *
     * @param current the request's session, which names its principal
     * @return how many sessions were ended; 0 when the session names no principal
     */
    int destroyOthers(Session current);
}
