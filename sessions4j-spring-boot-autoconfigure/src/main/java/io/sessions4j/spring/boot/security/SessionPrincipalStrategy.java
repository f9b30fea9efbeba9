package io.sessions4j.spring.boot.security;

import io.sessions4j.PrincipalLimitException;
import io.sessions4j.Session;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionAuthenticationException;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * Names the authenticated user as the sessions4j session's principal ({@link Session#principal(String)}) when a
 * login filter (form login, remember-me, OAuth2 / SAML login, one-time tokens...) authenticates a request. The
 * auto-configuration runs it <em>after</em> Spring Security's own strategies, so the principal lands on the id
 * session fixation protection gave the session, and Spring's concurrent-session check has counted the user's
 * other sessions without this one.
 *
 * <p>Under a {@link io.sessions4j.PrincipalLimit} with the {@code REFUSE} policy, a user at the limit makes it
 * throw {@link SessionAuthenticationException}: the login fails through the filter's failure handler
 * ({@code /login?error}) and the session holds no {@code SecurityContext}.
 *
 * <p>A request that has no session yet is left alone: the {@code SecurityContextRepository} creates the session
 * when it stores the context, and {@link SecurityContextPrincipalListener} names the principal then.
 */
public final class SessionPrincipalStrategy implements SessionAuthenticationStrategy {

    /** A strategy; it holds nothing. */
    public SessionPrincipalStrategy() {
    }

    /**
     * Names the principal on the request's session, if it has one.
     *
     * @param authentication the new authentication
     * @param request the request it authenticates
     * @param response its response
     * @throws SessionAuthenticationException when the principal is at its sessions4j limit under {@code REFUSE}
     */
    @Override
    public void onAuthentication(Authentication authentication, HttpServletRequest request,
            HttpServletResponse response) {
        String name = SessionPrincipals.principalOf(authentication);
        Optional<Session> session = SessionFilter.existingSession(request);
        if (name == null || session.isEmpty()) {
            return;
        }
        try {
            SessionPrincipals.assign(session.get(), name);
        } catch (PrincipalLimitException e) {
            throw new SessionAuthenticationException(e.getMessage());
        }
    }
}
