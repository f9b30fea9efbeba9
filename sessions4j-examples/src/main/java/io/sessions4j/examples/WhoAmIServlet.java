package io.sessions4j.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /whoami}: reads the session and changes nothing (the load test's read-only page). It goes
 * through the plain servlet API, {@code request.getSession(false)}, to show that code written for
 * {@link HttpSession} sees the sessions4j session.
 */
final class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient DemoSessions sessions;

    WhoAmIServlet(DemoSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = sessions.enabled() ? request.getSession(false) : null;
        Object user = session == null ? null : session.getAttribute(SessionKeys.USER);
        Object views = session == null ? null : session.getAttribute(SessionKeys.VIEWS);
        String text = "user: " + (user == null ? "(anonymous)" : user) + "\n"
                + "views: " + (views == null ? 0 : views) + "\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        // A user name is echoed; never let a browser sniff this into HTML.
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
