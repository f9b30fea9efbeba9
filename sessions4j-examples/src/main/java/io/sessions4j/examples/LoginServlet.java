package io.sessions4j.examples;

import io.sessions4j.Session;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /login}: a form (GET) and the login itself (POST). It is a demo: any user name with any non-empty
 * password logs in. What it shows is the session side of a real login: a new session id on login
 * (fixation defence), and "remember me" as a longer cookie lifetime for this one session.
 */
final class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final Duration REMEMBER_ME = Duration.ofDays(30);
    private static final int MAX_USERNAME_LENGTH = 64;

    private final transient DemoSessions sessions;

    LoginServlet(DemoSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!sessions.enabled()) {
            sessionsOff(response);
            return;
        }
        form(response, HttpServletResponse.SC_OK, "", null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!sessions.enabled()) {
            sessionsOff(response);
            return;
        }
        request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String username = trimmed(request.getParameter("username"));
        String password = request.getParameter("password");
        boolean remember = request.getParameter("remember") != null;

        if (username.isEmpty() || username.length() > MAX_USERNAME_LENGTH || hasControlCharacters(username)) {
            form(response, HttpServletResponse.SC_BAD_REQUEST, username,
                    "Enter a user name of 1 to " + MAX_USERNAME_LENGTH + " printable characters.");
            return;
        }
        if (password == null || password.isEmpty()) {
            form(response, HttpServletResponse.SC_BAD_REQUEST, username, "Enter a password (any will do).");
            return;
        }

        Optional<Session> maybe = sessions.of(request);
        Session session = maybe.orElseThrow();
        // A new id on every change of privilege, so an id planted before login is worthless after it.
        session.regenerate();
        session.put(SessionKeys.USER, username);
        if (remember) {
            session.cookie().maxAge(REMEMBER_ME);
        }
        response.sendRedirect("/?did=login");
    }

    private static void form(HttpServletResponse response, int status, String username, String error)
            throws IOException {
        StringBuilder body = new StringBuilder(1024).append("<section class=\"card\">\n<h2>log in</h2>\n");
        if (error != null) {
            body.append("<p id=\"error\" class=\"error\" role=\"alert\">").append(Html.escape(error)).append("</p>\n");
        }
        body.append("<form method=\"post\" action=\"/login\">\n")
                .append("<label>user name <input id=\"username\" name=\"username\" autocomplete=\"username\" ")
                .append("maxlength=\"").append(MAX_USERNAME_LENGTH).append("\" value=\"")
                .append(Html.escape(username)).append("\" required></label>\n")
                .append("<label>password <input id=\"password\" name=\"password\" type=\"password\" ")
                .append("autocomplete=\"current-password\" required> <span class=\"muted\">any non-empty password: ")
                .append("this is a demo</span></label>\n")
                .append("<label><input id=\"remember\" name=\"remember\" type=\"checkbox\" value=\"1\"> remember me ")
                .append("for 30 days</label>\n")
                .append("<p><button id=\"submit\" type=\"submit\">log in</button> <a href=\"/\">back</a></p>\n")
                .append("</form>\n")
                .append("<p class=\"muted\">Logging in calls <code>session.regenerate()</code> (a new id: no session ")
                .append("fixation) and stores your name; remember me sets <code>session.cookie().maxAge(30 days)")
                .append("</code>.</p>\n</section>\n");
        Html.send(response, status, "log in", body.toString());
    }

    static void sessionsOff(HttpServletResponse response) throws IOException {
        Html.send(response, HttpServletResponse.SC_NOT_FOUND, "no sessions",
                "<p>sessions are off (--no-session): there is no login. <a href=\"/\">back</a></p>\n");
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }

    private static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}
