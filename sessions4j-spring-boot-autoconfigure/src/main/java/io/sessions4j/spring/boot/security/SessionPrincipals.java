package io.sessions4j.spring.boot.security;

import io.sessions4j.PrincipalLimitException;
import io.sessions4j.Session;
import java.security.Principal;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;

/** How an authentication becomes a sessions4j principal: its name, as {@link Authentication#getName()} gives it. */
final class SessionPrincipals {
    private static final Logger LOG = LoggerFactory.getLogger(SessionPrincipals.class);
    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();
    /** {@link Session#principal(String)}'s bound. */
    static final int MAX_LENGTH = 256;

    private SessionPrincipals() {
    }

    /**
     * The name an authentication's principal object goes by, as {@code AbstractAuthenticationToken.getName()}
     * derives it, so that {@code getAllSessions(authentication.getPrincipal())} finds the sessions named from
     * {@code authentication.getName()}.
     *
     * @param principal a principal object (a {@code UserDetails}, an {@code AuthenticatedPrincipal}, a
     *     {@code Principal}, or a plain name)
     * @return its name
     */
    static String nameOf(Object principal) {
        Objects.requireNonNull(principal, "principal");
        if (principal instanceof UserDetails user) {
            return user.getUsername();
        }
        if (principal instanceof AuthenticatedPrincipal authenticated) {
            return authenticated.getName();
        }
        if (principal instanceof Principal p) {
            return p.getName();
        }
        return principal.toString();
    }

    /**
     * {@return the principal an authentication names a session for; null for none} Anonymous and
     * unauthenticated tokens name nobody; a remember-me login is a login of its user.
     *
     * @param authentication an authentication, or null
     */
    static String principalOf(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated() || TRUST.isAnonymous(authentication)) {
            return null;
        }
        return authentication.getName();
    }

    /**
     * Names the principal on the session unless it already is (which costs nothing).
     *
     * @param session the request's live session
     * @param name the principal, or null to make it nobody's
     * @throws PrincipalLimitException when the principal is at its limit and the policy refuses
     */
    static void assign(Session session, String name) {
        if (name != null && (name.isEmpty() || name.length() > MAX_LENGTH)) {
            // Not a refusal: the login stands, only the index does not list it.
            LOG.warn("sessions4j: an authenticated name of {} characters cannot name a session's principal "
                    + "(1 to {}); the session is not in the index of sessions by principal", name.length(), MAX_LENGTH);
            return;
        }
        if (!Objects.equals(session.principal().orElse(null), name)) {
            session.principal(name);
        }
    }
}
