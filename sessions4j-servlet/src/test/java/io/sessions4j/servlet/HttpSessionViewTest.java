package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.CountingStore.Op;
import io.sessions4j.servlet.testing.JettyHarness;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code request.getSession()} backed by the sessions4j session. */
class HttpSessionViewTest {
    private final CountingStore store = new CountingStore();
    private final List<Object> seen = new CopyOnWriteArrayList<>();
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private void start(JettyHarness.Handler handler) {
        jetty = JettyHarness.start(TestConfigs.with(store).build(), handler);
    }

    /** Not writable as JSON: its getter throws. */
    public static final class Unwritable {
        public String getValue() {
            throw new UnsupportedOperationException("no");
        }
    }

    @Test
    void attributesAreTheSessionsValues() {
        start((req, res) -> {
            HttpSession session = req.getSession();
            if (req.getRequestURI().equals("/set")) {
                session.setAttribute("user", "ada");
                session.setAttribute("roles", List.of("admin", "dev"));
                session.setAttribute("gone", "soon");
                session.setAttribute("gone", null);
                session.setAttribute("removed", 1);
                session.removeAttribute("removed");
                res.getWriter().print(SessionFilter.session(req).get("user").orElseThrow());
            } else {
                res.getWriter().print(session.getAttribute("user") + " " + session.getAttribute("roles") + " "
                        + session.getAttribute("gone") + " " + Collections.list(session.getAttributeNames()));
            }
        });
        String cookie = jetty.sessionCookie(jetty.get("/set"));
        assertThat(jetty.get("/get", cookie).body()).isEqualTo("ada [admin, dev] null [user, roles]");
    }

    @Test
    void attributeThatCannotBeWrittenAsJsonIsRefusedWithIllegalArgument() {
        start((req, res) -> {
            try {
                req.getSession().setAttribute("bad", new Unwritable());
                seen.add("accepted");
            } catch (IllegalArgumentException e) {
                seen.add("IllegalArgumentException");
            }
        });
        jetty.get("/");
        assertThat(seen).containsExactly("IllegalArgumentException");
    }

    @Test
    void getSessionReturnsTheSameViewWithinARequestAndNullBeforeOneExists() {
        start((req, res) -> {
            seen.add(String.valueOf(req.getSession(false)));
            HttpSession first = req.getSession();
            seen.add(first == req.getSession(true));
            seen.add(first == req.getSession(false));
            seen.add(first.isNew());
            seen.add(first.getId().equals(SessionFilter.session(req).id()));
        });
        jetty.get("/");
        assertThat(seen).containsExactly("null", true, true, true, true);
    }

    @Test
    void existingSessionIsFoundWithoutCreateAndIsNotNew() {
        start((req, res) -> {
            HttpSession session = req.getSession(!req.getRequestURI().equals("/peek"));
            session.setAttribute("user", "ada");
            seen.add(session.isNew());
            seen.add(session.getCreationTime());
        });
        String cookie = jetty.sessionCookie(jetty.get("/"));
        jetty.get("/peek", cookie);
        assertThat(seen).hasSize(4);
        assertThat(seen.get(0)).isEqualTo(true);
        assertThat(seen.get(2)).isEqualTo(false);
        assertThat(seen.get(3)).as("creation time survives the round trip").isEqualTo(seen.get(1));
    }

    @Test
    void invalidateDestroysTheSessionExpiresTheCookieAndDisablesTheView() {
        start((req, res) -> {
            if (req.getRequestURI().equals("/login")) {
                req.getSession().setAttribute("user", "ada");
                return;
            }
            if (req.getRequestURI().equals("/whoami")) {
                HttpSession s = req.getSession(false);
                res.getWriter().print(s == null ? "nobody" : s.getAttribute("user"));
                return;
            }
            HttpSession session = req.getSession();
            session.invalidate();
            try {
                session.getAttribute("user");
                seen.add("still usable");
            } catch (IllegalStateException e) {
                seen.add("getAttribute: IllegalStateException");
            }
            seen.add("getSession(false) after invalidate: " + req.getSession(false));
            seen.add("new session differs: " + (req.getSession(true) != session));
        });
        String cookie = jetty.sessionCookie(jetty.get("/login"));
        store.resetCounts();
        JettyHarness.Response logout = jetty.get("/logout", cookie);
        assertThat(seen).containsExactly("getAttribute: IllegalStateException",
                "getSession(false) after invalidate: null", "new session differs: true");
        assertThat(store.calls()).containsExactly("get", "destroy");
        assertThat(logout.setCookie("connect.sid")).hasValueSatisfying(h ->
                assertThat(h).contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
        assertThat(jetty.get("/whoami", cookie).body()).isEqualTo("nobody");
    }

    @Test
    void changeSessionIdKeepsTheDataAndSendsTheNewIdInTheCookie() {
        start((req, res) -> {
            switch (req.getRequestURI()) {
                case "/login" -> req.getSession().setAttribute("user", "ada");
                case "/rotate" -> {
                    String before = req.getSession().getId();
                    String after = req.changeSessionId();
                    seen.add(!before.equals(after));
                    seen.add(after.equals(req.getSession().getId()));
                }
                default -> res.getWriter().print(req.getSession(false) == null ? "nobody"
                        : req.getSession(false).getAttribute("user"));
            }
        });
        String oldCookie = jetty.sessionCookie(jetty.get("/login"));
        JettyHarness.Response rotated = jetty.get("/rotate", oldCookie);
        String newCookie = jetty.sessionCookie(rotated);
        assertThat(newCookie).isNotEqualTo(oldCookie);
        assertThat(seen).containsExactly(true, true);
        assertThat(jetty.get("/whoami", newCookie).body()).isEqualTo("ada");
        assertThat(jetty.get("/whoami", oldCookie).body()).as("the old id is gone").isEqualTo("nobody");
    }

    @Test
    void changeSessionIdWithoutASessionThrowsIllegalState() {
        start((req, res) -> {
            try {
                req.changeSessionId();
                seen.add("changed");
            } catch (IllegalStateException e) {
                seen.add("IllegalStateException");
            }
        });
        jetty.get("/");
        assertThat(seen).containsExactly("IllegalStateException");
    }

    @Test
    void setMaxInactiveIntervalSendsANewCookieWithExpires() {
        start((req, res) -> {
            HttpSession session = req.getSession();
            seen.add(session.getMaxInactiveInterval());
            if (req.getRequestURI().equals("/remember")) {
                session.setMaxInactiveInterval(3600);
                seen.add(session.getMaxInactiveInterval());
            } else {
                session.setAttribute("user", "ada");
            }
        });
        JettyHarness.Response login = jetty.get("/login");
        assertThat(login.setCookie("connect.sid")).hasValueSatisfying(h -> assertThat(h).doesNotContain("Expires"));
        Instant before = Instant.now();
        JettyHarness.Response remember = jetty.get("/remember", jetty.sessionCookie(login));
        assertThat(seen).containsExactly(-1, -1, 3600);
        String header = remember.setCookie("connect.sid").orElseThrow();
        Matcher expires = Pattern.compile("Expires=([^;]+)").matcher(header);
        assertThat(expires.find()).as(header).isTrue();
        Instant at = ZonedDateTime.parse(expires.group(1), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(at).isBetween(before.plusSeconds(3590), before.plusSeconds(3610));
        assertThat(jetty.sessionCookie(remember)).isEqualTo(jetty.sessionCookie(login));
    }

    @Test
    void maxInactiveIntervalOfZeroMakesABrowserSessionCookie() {
        jetty = JettyHarness.start(TestConfigs.with(store).cookie(c -> c.maxAge(java.time.Duration.ofHours(1))).build(),
                (req, res) -> {
                    HttpSession session = req.getSession();
                    seen.add(session.getMaxInactiveInterval());
                    session.setMaxInactiveInterval(0);
                    seen.add(session.getMaxInactiveInterval());
                    session.setAttribute("x", 1);
                });
        JettyHarness.Response response = jetty.get("/");
        assertThat(seen).containsExactly(3600, -1);
        assertThat(response.setCookie("connect.sid")).hasValueSatisfying(h -> assertThat(h).doesNotContain("Expires"));
    }

    @Test
    void requestedSessionIdMethodsDescribeTheCookie() {
        start((req, res) -> {
            if (req.getRequestURI().equals("/login")) {
                req.getSession().setAttribute("user", "ada");
                return;
            }
            res.getWriter().print(describe(req));
        });
        assertThat(jetty.get("/").body()).isEqualTo("null false false false");
        String cookie = jetty.sessionCookie(jetty.get("/login"));
        String id = store.delegate().ids().findFirst().orElseThrow();
        assertThat(jetty.get("/", cookie).body()).isEqualTo(id + " true true false");
        store.delegate().destroy(id);
        assertThat(jetty.get("/", cookie).body()).as("a signed cookie for a session that is gone")
                .isEqualTo(id + " false true false");
        assertThat(jetty.get("/", "connect.sid=s%3Atampered.signature").body()).isEqualTo("null false false false");
    }

    private static String describe(HttpServletRequest req) {
        return req.getRequestedSessionId() + " " + req.isRequestedSessionIdValid() + " "
                + req.isRequestedSessionIdFromCookie() + " " + req.isRequestedSessionIdFromURL();
    }

    @Test
    void lastAccessedTimeIsNotBeforeCreation() {
        start((req, res) -> {
            HttpSession session = req.getSession();
            session.setAttribute("x", 1);
            seen.add(session.getLastAccessedTime() >= session.getCreationTime());
            seen.add(session.getServletContext() == req.getServletContext());
        });
        String cookie = jetty.sessionCookie(jetty.get("/"));
        jetty.get("/", cookie);
        assertThat(seen).containsExactly(true, true, true, true);
    }

    @Test
    void viewReadsAfterTheCommitAndSavesAChangeOfASessionWhoseCookieWasSent() {
        start((req, res) -> {
            HttpSession session = req.getSession();
            if (req.getRequestURI().equals("/read")) {
                seen.add(session.getAttribute("user"));
                return;
            }
            session.setAttribute("user", "ada");
            res.flushBuffer();
            seen.add(session.getAttribute("user"));
            session.setAttribute("user", "grace");
        });
        String cookie = jetty.sessionCookie(jetty.get("/"));
        jetty.get("/read", cookie);
        assertThat(seen).containsExactly("ada", "grace");
        assertThat(store.count(Op.SET)).isEqualTo(1);
    }

    @Test
    void attributeValuesComeBackInTheirJsonForm() {
        start((req, res) -> {
            if (req.getRequestURI().equals("/set")) {
                req.getSession().setAttribute("point", Map.of("x", 1));
                req.getSession().setAttribute("flag", true);
            } else {
                seen.add(req.getSession().getAttribute("point"));
                seen.add(req.getSession().getAttribute("flag"));
            }
        });
        String cookie = jetty.sessionCookie(jetty.get("/set"));
        jetty.get("/get", cookie);
        assertThat(seen).containsExactly(Map.of("x", 1), true);
    }
}
