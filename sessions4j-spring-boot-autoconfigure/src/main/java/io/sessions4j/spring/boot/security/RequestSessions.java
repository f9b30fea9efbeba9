package io.sessions4j.spring.boot.security;

import io.sessions4j.Session;
import io.sessions4j.servlet.SessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The sessions4j session of the request the current thread serves, found through Spring's
 * {@link RequestContextHolder} (set by the {@code RequestContextFilter} Boot registers for Spring MVC, ahead of
 * Spring Security's filters). Spring Security's {@code SessionRegistry} and session listeners are told a session
 * id only; a principal can be named only on the live session of the request, never from outside it.
 */
final class RequestSessions {
    private RequestSessions() {
    }

    /** {@return the request being served on this thread, if Spring knows it} */
    static Optional<HttpServletRequest> currentRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? Optional.of(servlet.getRequest())
                : Optional.empty();
    }

    /**
     * The current request's session when its id is {@code id}.
     *
     * @param id a session id
     * @return the live session of this request with that id; empty when the thread serves no request, the
     *     request has no session, or the session has another id
     */
    static Optional<Session> current(String id) {
        return currentRequest().flatMap(SessionFilter::existingSession).filter(s -> id.equals(idOf(s)));
    }

    /** A session the request destroyed has no id to match any more. */
    private static String idOf(Session session) {
        try {
            return session.id();
        } catch (IllegalStateException destroyed) {
            return null;
        }
    }
}
