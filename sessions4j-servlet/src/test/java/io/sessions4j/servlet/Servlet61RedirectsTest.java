package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.CountingStore.Op;
import io.sessions4j.servlet.testing.RawHttp;
import io.sessions4j.servlet.testing.ServletContainer;
import io.sessions4j.servlet.testing.TestHttpServer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servlet 6.1's {@code sendRedirect} overloads commit the session first, like the one-argument form: after a
 * login that regenerates the session, the redirect carries the new cookie and the new session is stored.
 */
class Servlet61RedirectsTest {
    private final CountingStore store = new CountingStore();
    private TestHttpServer server;

    @FunctionalInterface
    private interface Redirect {
        void send(HttpServletResponse response) throws Exception;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Logs in on {@code /login} with {@code redirect}; {@code /show} prints the user. */
    private String loginWith(ServletContainer container, Redirect redirect) {
        Map<String, TestHttpServer.Handler> servlets = new LinkedHashMap<>();
        servlets.put("/show", (req, res) -> res.getWriter().print(
                req.getSession(false) == null ? "nobody" : req.getSession(false).getAttribute("user")));
        servlets.put("/*", (req, res) -> {
            if (req.getRequestURI().equals("/visit")) {
                req.getSession().setAttribute("user", "anonymous");
                return;
            }
            SessionFilter.session(req).regenerate();
            req.getSession().setAttribute("user", "grace");
            redirect.send(res);
        });
        server = container.start(new SessionFilter(TestConfigs.with(store).build()), "connect.sid", servlets);
        return server.sessionCookie(server.get("/visit"));
    }

    /** Logs in with the anonymous cookie while the store holds the new session's write: no byte may leave. */
    private void assertLoggedIn(String anonymous, int status) throws Exception {
        String response;
        CountingStore.Gate gate = store.blockNext(Op.SET);
        try (RawHttp http = RawHttp.get(server, "/login", anonymous)) {
            gate.awaitEntered();
            assertThat(http.anyByteWithin(300)).as("response bytes while the store write is held").isFalse();
            gate.release();
            response = http.readAll();
        }
        assertThat(response).startsWith("HTTP/1.1 " + status).containsPattern("(?i)location: [^\\r]*/show");
        Matcher setCookie = Pattern.compile("(?im)^set-cookie: (connect\\.sid=[^;]+)").matcher(response);
        assertThat(setCookie.find()).as("Set-Cookie in " + response).isTrue();
        String cookie = setCookie.group(1);
        assertThat(cookie).isNotEqualTo(anonymous);
        assertThat(server.get("/show", cookie).body()).isEqualTo("grace");
        assertThat(server.get("/show", anonymous).body()).isEqualTo("nobody");
    }

    @ParameterizedTest
    @MethodSource("io.sessions4j.servlet.testing.ServletContainer#servlet61")
    void sendRedirectWithAStatus(ServletContainer container) throws Exception {
        assertLoggedIn(loginWith(container, res -> res.sendRedirect("/show", 303)), 303);
    }

    @ParameterizedTest
    @MethodSource("io.sessions4j.servlet.testing.ServletContainer#servlet61")
    void sendRedirectKeepingTheBuffer(ServletContainer container) throws Exception {
        assertLoggedIn(loginWith(container, res -> res.sendRedirect("/show", false)), 302);
    }

    @ParameterizedTest
    @MethodSource("io.sessions4j.servlet.testing.ServletContainer#servlet61")
    void sendRedirectWithAStatusAndTheBufferCleared(ServletContainer container) throws Exception {
        assertLoggedIn(loginWith(container, res -> res.sendRedirect("/show", 307, true)), 307);
    }
}
