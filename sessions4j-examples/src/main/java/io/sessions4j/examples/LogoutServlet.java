package io.sessions4j.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /logout} (POST only, so a link or a prefetch cannot log anyone out): destroys the session in the
 * store and expires its cookie, then goes back to {@code /?did=logout}, where a new session starts counting at 1
 * and a notice says what happened.
 */
final class LogoutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient DemoSessions sessions;

    LogoutServlet(DemoSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!sessions.enabled()) {
            LoginServlet.sessionsOff(response);
            return;
        }
        sessions.of(request).ifPresent(session -> session.destroy());
        response.sendRedirect("/?did=logout");
    }
}
