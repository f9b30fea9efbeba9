package io.sessions4j.spring.boot.security;

import io.sessions4j.PrincipalLimitException;
import io.sessions4j.Session;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Keeps the sessions4j session's principal equal to the user of the {@link SecurityContext} stored in it: when
 * Spring Security's {@code HttpSessionSecurityContextRepository} puts a context in the session (any login that
 * keeps its user in the session: form login, HTTP basic with a session repository, a programmatic login's
 * {@code securityContextRepository.saveContext(...)}, remember-me, switch-user), the principal becomes its
 * {@code Authentication.getName()}; when it removes the context (an empty context saved, a logout that keeps
 * the session), the session is nobody's again. Any attribute holding a {@code SecurityContext} counts, whatever
 * its name. The session filter calls it for every attribute change of the request's {@code HttpSession}.
 *
 * <p>A login refused by a {@link io.sessions4j.PrincipalLimit} ({@code REFUSE}) here, outside a login filter that
 * could fail it, is not kept: the context is taken out of the session again, so the session is not signed in
 * (the current request still is) and the next request must log in. Login filters fail such a login cleanly
 * before this (see {@link SessionPrincipalStrategy}).
 */
public final class SecurityContextPrincipalListener implements HttpSessionAttributeListener {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityContextPrincipalListener.class);

    /** A listener; it holds nothing. */
    public SecurityContextPrincipalListener() {
    }

    /**
     * Names the principal of a {@code SecurityContext} put in the session.
     *
     * @param event the attribute added
     */
    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        follow(event, event.getValue());
    }

    /**
     * Names the principal of a {@code SecurityContext} that replaced another value (the event carries the value
     * replaced; the session holds the new one).
     *
     * @param event the attribute replaced
     */
    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        follow(event, event.getSession().getAttribute(event.getName()));
    }

    /**
     * Makes the session nobody's when its {@code SecurityContext} is removed (a value that is one, or the
     * attribute {@code HttpSessionSecurityContextRepository} keeps it in).
     *
     * @param event the attribute removed
     */
    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        // Read back from the store, the value is a SecurityContext only where Spring Security's Jackson modules are
        // registered (the starter registers them); the repository's attribute name says it either way.
        if (event.getValue() instanceof SecurityContext
                || HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY.equals(event.getName())) {
            // invalidate() removes every attribute after the session is destroyed: then no live session matches.
            session(event).ifPresent(s -> SessionPrincipals.assign(s, null));
        }
    }

    private void follow(HttpSessionBindingEvent event, Object value) {
        if (!(value instanceof SecurityContext context)) {
            return;
        }
        if (RequestSessions.currentRequest().isEmpty()) {
            LOG.warn("sessions4j: a SecurityContext was stored in a session outside a request Spring's "
                    + "RequestContextHolder knows (is Spring MVC's RequestContextFilter registered?); its principal "
                    + "is not named");
            return;
        }
        Optional<Session> session = session(event);
        if (session.isEmpty()) {
            // Boot also registers listener beans with the container: this is one of the container's own sessions.
            return;
        }
        try {
            SessionPrincipals.assign(session.get(), SessionPrincipals.principalOf(context.getAuthentication()));
        } catch (PrincipalLimitException e) {
            LOG.info("sessions4j: login not kept in the session: {}", e.getMessage());
            event.getSession().removeAttribute(event.getName());
        }
    }

    private static Optional<Session> session(HttpSessionBindingEvent event) {
        return RequestSessions.current(event.getSession().getId());
    }
}
