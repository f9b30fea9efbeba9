package io.sessions4j.spring.boot.security;

import io.sessions4j.PrincipalLimitException;
import io.sessions4j.Session;
import io.sessions4j.UserSession;
import io.sessions4j.UserSessions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;

/**
 * A Spring Security {@link SessionRegistry} over sessions4j's index of sessions by principal
 * ({@link UserSessions}), which lives in the store: every instance sharing the store sees the same sessions, so
 * {@code sessionManagement(s -> s.maximumSessions(n))} holds across instances. The Boot starter registers it as
 * the application's {@code SessionRegistry} bean when there is none; {@code maximumSessions} picks it up.
 *
 * <table>
 * <caption>How Spring's registry calls map to sessions4j</caption>
 * <tr><th>call</th><th>here</th></tr>
 * <tr><td>{@code getAllSessions(principal, includeExpired)}</td><td>{@link UserSessions#list} of the principal's
 * name; a session ended by {@link SessionInformation#expireNow()} is gone from the store, so there are never
 * expired ones to include</td></tr>
 * <tr><td>{@code SessionInformation.expireNow()}</td><td>{@link UserSessions#destroy}: the session ends in the
 * store at once</td></tr>
 * <tr><td>{@code registerNewSession(id, principal)}</td><td>{@link Session#principal(String)} on the request's own
 * session, which must have that id</td></tr>
 * <tr><td>{@code getSessionInformation(id)}</td><td>the request's own session when it has that id and names a
 * principal (what {@code ConcurrentSessionFilter} asks on every request, answered without a store read); else
 * {@code null}</td></tr>
 * <tr><td>{@code removeSessionInformation(id)}</td><td>the request's own session with that id becomes nobody's;
 * for other ids nothing: the store takes ended sessions out of its index in the write that ends them</td></tr>
 * <tr><td>{@code refreshLastRequest(id)}</td><td>nothing: the session's last access is the store's, moved by the
 * request's own touch</td></tr>
 * <tr><td>{@code getAllPrincipals()}</td><td>{@link UnsupportedOperationException}: the index is kept per
 * principal (a Redis sorted set, an indexed SQL column), which lists one principal's sessions cheaply but has no
 * list of principals</td></tr>
 * </table>
 *
 * <p>A principal is a name: a {@code UserDetails} goes by its username, an {@code AuthenticatedPrincipal} or a
 * {@code java.security.Principal} by its name, anything else by its {@code toString()}; the
 * {@link SessionInformation#getPrincipal()} of what is returned is the object asked with.
 *
 * <p>{@code maxSessionsPreventsLogin(true)} works, but Spring's check counts the sessions and then registers the
 * new one, so simultaneous logins can all pass it (spring-security #12867). A sessions4j
 * {@link io.sessions4j.PrincipalLimit} with {@code REFUSE} ({@code sessions4j.principal-limit.*}) counts and
 * writes in one atomic step in the store; a login it refuses fails with a {@link SessionAuthenticationException}.
 */
public final class Sessions4jSessionRegistry implements SessionRegistry {
    private final Supplier<UserSessions> users;

    /**
     * A registry.
     *
     * @param users the user sessions, asked for on each use: a store without an index of sessions by
     *     principal then fails when the registry is used (with the store's name), not when it is made
     */
    public Sessions4jSessionRegistry(Supplier<UserSessions> users) {
        this.users = Objects.requireNonNull(users, "users");
    }

    /**
     * Not supported: the store's index lists one principal's sessions, not the principals.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public List<Object> getAllPrincipals() {
        throw new UnsupportedOperationException("Sessions4jSessionRegistry.getAllPrincipals: the store indexes "
                + "sessions per principal and keeps no list of principals; list a known principal's sessions with "
                + "getAllSessions(principal, false) or UserSessions.list(principal)");
    }

    /**
     * The principal's live sessions, the least recently used first.
     *
     * @param principal a principal object or name
     * @param includeExpiredSessions ignored: an expired session is gone from the store
     * @return a new, modifiable list (Spring's concurrent-session check sorts it)
     */
    @Override
    public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
        String name = SessionPrincipals.nameOf(principal);
        List<SessionInformation> sessions = new ArrayList<>();
        for (UserSession s : users.get().list(name)) {
            sessions.add(new Sessions4jSessionInformation(principal, name, s.id(), Date.from(s.lastAccessedAt()),
                    users));
        }
        return sessions;
    }

    /**
     * The request's own session, when it has this id and names a principal.
     *
     * @param sessionId a session id
     * @return its information, or {@code null}
     */
    @Override
    public SessionInformation getSessionInformation(String sessionId) {
        return RequestSessions.current(sessionId)
                .flatMap(s -> s.principal().map(name -> (SessionInformation) new Sessions4jSessionInformation(name,
                        name, sessionId, Date.from(s.lastAccessedAt()), users)))
                .orElse(null);
    }

    /**
     * Nothing: the store moves a session's last access when its request touches it.
     *
     * @param sessionId a session id
     */
    @Override
    public void refreshLastRequest(String sessionId) {
        // The engine touches the session in the store at the end of its request (as touchAfter allows).
    }

    /**
     * Names the principal on the request's own session.
     *
     * @param sessionId the request's session id (after session fixation protection changed it)
     * @param principal the authenticated principal
     * @throws IllegalStateException when the thread serves no request whose session has this id
     * @throws SessionAuthenticationException when the principal is at its sessions4j limit under {@code REFUSE}
     */
    @Override
    public void registerNewSession(String sessionId, Object principal) {
        Session session = RequestSessions.current(sessionId).orElseThrow(() -> new IllegalStateException(
                "Sessions4jSessionRegistry.registerNewSession: the session is not the one of the request this "
                        + "thread serves; sessions4j names a principal on a request's own session (it finds the "
                        + "request through Spring's RequestContextHolder)"));
        try {
            SessionPrincipals.assign(session, SessionPrincipals.nameOf(principal));
        } catch (PrincipalLimitException e) {
            throw new SessionAuthenticationException(e.getMessage());
        }
    }

    /**
     * Makes the request's own session with this id nobody's; nothing for another id.
     *
     * @param sessionId a session id
     */
    @Override
    public void removeSessionInformation(String sessionId) {
        RequestSessions.current(sessionId).ifPresent(s -> SessionPrincipals.assign(s, null));
    }
}
