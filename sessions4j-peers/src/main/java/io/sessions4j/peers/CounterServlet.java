package io.sessions4j.peers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one servlet every variant serves, written against plain {@link HttpSession} as an application would be,
 * so that only the session library behind it differs:
 *
 * <ul>
 *   <li>{@code /}: increments {@code views} in the visitor's session (created if needed): a write on every
 *       request;</li>
 *   <li>{@code /read}: answers {@code views} of an existing session ({@code getSession(false)}), creating
 *       nothing;</li>
 *   <li>{@code /hot}: increments {@code hot} in the session, answering the new value; the load script sends one
 *       shared cookie from many clients at once, to count lost updates;</li>
 *   <li>{@code /hot/value}: answers {@code hot} without changing anything.</li>
 * </ul>
 *
 * <p>The increments are the naive read-modify-write an application writes (no lock): what survives concurrent
 * requests of one session is the session library's doing. Without sessions ({@code jetty-none}) every page
 * answers a constant.
 */
final class CounterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final boolean sessions;

    CounterServlet(boolean sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        int value;
        if (!sessions) {
            value = 1;
        } else if (path.equals("/")) {
            value = increment(request.getSession(), "views");
        } else if (path.equals("/hot")) {
            value = increment(request.getSession(), "hot");
        } else if (path.equals("/read")) {
            value = read(request.getSession(false), "views");
        } else if (path.equals("/hot/value")) {
            value = read(request.getSession(false), "hot");
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        byte[] body = (value + "\n").getBytes(StandardCharsets.US_ASCII);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static int increment(HttpSession session, String key) {
        int next = read(session, key) + 1;
        session.setAttribute(key, next);
        return next;
    }

    /** The counter, 0 without a session or value; a number read back from JSON may not be an Integer. */
    private static int read(HttpSession session, String key) {
        Object value = session == null ? null : session.getAttribute(key);
        return value instanceof Number ? ((Number) value).intValue() : 0;
    }
}
