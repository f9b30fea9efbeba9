package io.sessions4j.examples;

import io.sessions4j.Session;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /}: the view counter of express-session's README, plus who is logged in. Every visit writes the
 * session (the counter), so this page measures the save path under load.
 *
 * <p>Unlike the README, the page shows the count including the current visit (the README's Node code
 * printed the old value and incremented it after {@code res.end()}): the first visit welcomes, the second
 * says {@code views: 2}.
 */
final class CounterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient DemoSessions sessions;
    private final Duration configuredMaxAge;

    CounterServlet(DemoSessions sessions, Duration configuredMaxAge) {
        this.sessions = sessions;
        this.configuredMaxAge = configuredMaxAge;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Session> session = sessions.of(request);
        StringBuilder body = new StringBuilder(256).append("<h1>sessions4j demo</h1>\n");
        if (session.isEmpty()) {
            // Without sessions every visit is the first one the server can know about.
            body.append("<p id=\"views\">views: 1</p>\n")
                    .append("<p id=\"expires\">expires in: ").append(describe(configuredMaxAge)).append("</p>\n");
        } else {
            Session s = session.get();
            Optional<Integer> before = s.get(SessionKeys.VIEWS, Integer.class);
            int views = before.orElse(0) + 1;
            s.put(SessionKeys.VIEWS, views);
            if (before.isEmpty()) {
                body.append("<p id=\"welcome\">welcome to the session demo. refresh!</p>\n");
            } else {
                body.append("<p id=\"views\">views: ").append(views).append("</p>\n")
                        .append("<p id=\"expires\">expires in: ").append(describe(s.cookie().maxAge().orElse(null)))
                        .append("</p>\n");
            }
        }
        body.append(loginState(session, sessions.enabled()));
        Html.send(response, HttpServletResponse.SC_OK, "sessions4j demo", body.toString());
    }

    /** "logged in as X" with a logout button, or a login link. */
    static String loginState(Optional<Session> session, boolean sessionsEnabled) {
        if (!sessionsEnabled) {
            return "<p id=\"login-state\">sessions are off (--no-session): nobody can log in.</p>\n";
        }
        Optional<String> user = session.flatMap(s -> s.get(SessionKeys.USER, String.class));
        if (user.isPresent()) {
            return "<p id=\"login-state\">logged in as <b id=\"user\">" + Html.escape(user.get()) + "</b></p>\n"
                    + "<form method=\"post\" action=\"/logout\"><button id=\"logout\" type=\"submit\">log out</button></form>\n";
        }
        return "<p id=\"login-state\">not logged in. <a id=\"login\" href=\"/login\">log in</a></p>\n";
    }

    /** The seed printed {@code maxAge / 1000}; whole seconds read better and say the same. */
    private static String describe(Duration remaining) {
        if (remaining == null) {
            return "when the browser closes";
        }
        return Math.max(0, Math.round(remaining.toMillis() / 1000.0)) + "s";
    }
}
