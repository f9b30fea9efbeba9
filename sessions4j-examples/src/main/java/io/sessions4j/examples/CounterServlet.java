package io.sessions4j.examples;

import io.sessions4j.Session;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * {@code /}: the view counter of express-session's README, plus who is logged in, and what the library keeps
 * for this visitor: the session's id (its start), its data, when it expires and which store holds it. After a
 * login or logout ({@code /?did=login}, {@code /?did=logout}) a notice says what the library just did. Every
 * visit writes the session (the counter), so this page measures the save path under load.
 *
 * <p>Unlike the README, the page shows the count including the current visit (the README's Node code
 * printed the old value and incremented it after {@code res.end()}): the first visit welcomes, the second
 * says {@code views: 2}.
 */
final class CounterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Enough of the id to see it change on login, not enough to be the credential the cookie is. */
    private static final int SHOWN_ID_CHARACTERS = 8;

    private final transient DemoSessions sessions;
    private final Duration configuredMaxAge;

    CounterServlet(DemoSessions sessions, Duration configuredMaxAge) {
        this.sessions = sessions;
        this.configuredMaxAge = configuredMaxAge;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Session> session = sessions.of(request);
        StringBuilder body = new StringBuilder(2048);
        session.ifPresent(s -> body.append(notice(request.getParameter("did"), s)));
        body.append("<section class=\"card\">\n");
        if (session.isEmpty()) {
            // Without sessions every visit is the first one the server can know about.
            body.append("<p id=\"views\" class=\"big\">views: 1</p>\n")
                    .append("<p id=\"expires\">expires in: ").append(describe(configuredMaxAge)).append("</p>\n");
        } else {
            Session s = session.get();
            Optional<Integer> before = s.get(SessionKeys.VIEWS, Integer.class);
            int views = before.orElse(0) + 1;
            s.put(SessionKeys.VIEWS, views);
            if (before.isEmpty()) {
                body.append("<p id=\"welcome\" class=\"big\">welcome to the session demo. refresh!</p>\n");
            } else {
                body.append("<p id=\"views\" class=\"big\">views: ").append(views).append("</p>\n");
            }
        }
        body.append(loginState(session, sessions.enabled())).append("</section>\n");
        session.ifPresent(s -> body.append(facts(s)));
        Html.send(response, HttpServletResponse.SC_OK, "sessions4j demo", body.toString());
    }

    /** "logged in as X" with a logout button, or a login link. */
    static String loginState(Optional<Session> session, boolean sessionsEnabled) {
        if (!sessionsEnabled) {
            return "<p id=\"login-state\">sessions are off (--no-session): nobody can log in.</p>\n";
        }
        Optional<String> user = session.flatMap(s -> s.get(SessionKeys.USER, String.class));
        if (user.isPresent()) {
            return "<div id=\"login-state\">logged in as <b id=\"user\">" + Html.escape(user.get()) + "</b> "
                    + "<form class=\"inline\" method=\"post\" action=\"/logout\"><button id=\"logout\" type=\"submit\">"
                    + "log out</button></form></div>\n";
        }
        return "<p id=\"login-state\">not logged in. <a id=\"login\" href=\"/login\">log in</a></p>\n";
    }

    /** What the library did on the login or logout that redirected here; nothing for a hand-made link. */
    private static String notice(String did, Session session) {
        boolean loggedIn = session.get(SessionKeys.USER, String.class).isPresent();
        if ("login".equals(did) && loggedIn) {
            boolean remembered = session.cookie().originalMaxAge().filter(LoginServlet.REMEMBER_ME::equals).isPresent();
            return "<p id=\"did\" class=\"notice ok\">Logged in. <code>session.regenerate()</code> gave you a new "
                    + "session id and destroyed the old one in the store, so an id planted before login is "
                    + "worthless now."
                    + (remembered ? " Remember me: <code>session.cookie().maxAge(30 days)</code> made this "
                            + "session's cookie outlive the browser." : "")
                    + "</p>\n";
        }
        if ("logout".equals(did) && !loggedIn) {
            return "<p id=\"did\" class=\"notice\">Logged out. <code>session.destroy()</code> deleted the "
                    + "session from the store and expired its cookie; this page started a new one.</p>\n";
        }
        return "";
    }

    /** The session as the library keeps it. */
    private String facts(Session s) {
        StringBuilder data = new StringBuilder();
        for (String key : s.keys()) {
            data.append("<tr><th>").append(Html.escape(key)).append("</th><td>")
                    .append(Html.escape(String.valueOf(s.get(key).orElse(null)))).append("</td></tr>");
        }
        Optional<Instant> expires = s.cookie().expires();
        return "<section class=\"card\" id=\"session\">\n<h2>your session</h2>\n<dl>\n"
                + "<dt>id</dt><dd><code id=\"session-id\">" + Html.escape(shortId(s.id())) + "</code> "
                + "<span class=\"muted\">in the signed, HttpOnly cookie <code>connect.sid</code></span></dd>\n"
                + "<dt>data</dt><dd><table id=\"session-data\">" + data + "</table></dd>\n"
                + "<dt>expires</dt><dd><span id=\"expires\">expires in: "
                + describe(s.cookie().maxAge().orElse(null)) + "</span>"
                + expires.map(at -> " <span class=\"muted\" id=\"expires-at\">(" + AT.format(at) + ")</span>")
                        .orElse("")
                + "</dd>\n"
                + "<dt>store</dt><dd><code id=\"store\">" + Html.escape(sessions.storeName()) + "</code> "
                + "<span class=\"muted\">saved before this page was sent</span></dd>\n"
                + "</dl>\n</section>\n";
    }

    private static String shortId(String id) {
        return id.length() <= SHOWN_ID_CHARACTERS ? id : id.substring(0, SHOWN_ID_CHARACTERS) + "…";
    }

    private static String describe(Duration remaining) {
        return remaining == null ? "when the browser closes" : HumanDuration.of(remaining);
    }
}
