package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.CountingStore.Op;
import io.sessions4j.servlet.testing.TestHttpServer.Response;
import io.sessions4j.servlet.testing.ServletContainer;
import io.sessions4j.servlet.testing.TestHttpServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way a response can be committed runs the session commit first, on each container the filter is tested
 * on (Jetty ee10, Jetty ee11, Tomcat 11); and a change after the commit behaves the same everywhere.
 */
class CommitTriggersAcrossContainersTest {
    private final CountingStore store = new CountingStore();
    /** What the handler observed while running. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private TestHttpServer server;

    @AfterEach
    void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        if (server != null) {
            server.close();
        }
    }

    /** {@code handler} on {@code /*}; {@code /show} prints the session's attributes, sorted. */
    private void start(ServletContainer container, TestHttpServer.Handler handler) {
        Map<String, TestHttpServer.Handler> servlets = new LinkedHashMap<>();
        servlets.put("/show", (req, res) -> {
            HttpSession session = req.getSession(false);
            Map<String, Object> all = new TreeMap<>();
            if (session != null) {
                Collections.list(session.getAttributeNames()).forEach(n -> all.put(n, session.getAttribute(n)));
            }
            res.getWriter().print(all);
        });
        servlets.put("/*", handler);
        server = container.start(new SessionFilter(TestConfigs.with(store).build()), "connect.sid", servlets);
    }

    private void sawSets() {
        seen.add("sets: " + store.count(Op.SET));
    }

    /** What the handler saw right after the trigger; it may still run when the response has arrived. */
    private void assertSeen(String... expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= expected.length);
        assertThat(seen).containsExactly(expected);
    }

    private void assertCommittedFirst(Response response) {
        assertThat(response.setCookie("connect.sid")).as("Set-Cookie").isPresent();
        assertThat(server.get("/show", server.sessionCookie(response)).body()).isEqualTo("{user=ada}");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void sendRedirect(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            res.sendRedirect("/show");
            sawSets();
        });
        Response response = server.get("/login");
        assertThat(response.status()).isEqualTo(302);
        assertSeen("sets: 1");
        assertCommittedFirst(response);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void flushBuffer(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            res.getWriter().print("partial ");
            res.flushBuffer();
            sawSets();
            res.getWriter().print("rest");
        });
        Response response = server.get("/");
        assertThat(response.body()).isEqualTo("partial rest");
        assertSeen("sets: 1");
        assertCommittedFirst(response);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void writerFlush(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            PrintWriter w = res.getWriter();
            w.print("x");
            w.flush();
            sawSets();
        });
        Response response = server.get("/");
        assertSeen("sets: 1");
        assertCommittedFirst(response);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void outputStreamClose(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            res.getOutputStream().write('x');
            res.getOutputStream().close();
        });
        Response response = server.get("/");
        assertThat(response.body()).isEqualTo("x");
        // close() completes the response, so the cookie in it proves the commit ran first.
        assertCommittedFirst(response);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void reachingTheContentLength(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            res.setContentLength(5);
            res.getOutputStream().write("hel".getBytes());
            sawSets();
            res.getOutputStream().write("lo".getBytes());
        });
        Response response = server.get("/");
        assertThat(response.body()).isEqualTo("hello");
        assertSeen("sets: 0");
        assertCommittedFirst(response);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void largeBodyInOneWrite(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            res.getOutputStream().write(new byte[200_000]);
        });
        Response response = server.get("/");
        assertThat(response.body()).hasSize(200_000);
        assertCommittedFirst(response);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void sendError(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            res.sendError(404);
            sawSets();
        });
        Response response = server.get("/");
        assertThat(response.status()).isEqualTo(404);
        assertSeen("sets: 1");
        assertCommittedFirst(response);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void asyncCompleteFromAnotherThread(ServletContainer container) {
        start(container, (req, res) -> {
            HttpSession session = req.getSession();
            AsyncContext async = req.startAsync();
            worker.submit(() -> {
                session.setAttribute("user", "ada");
                try {
                    async.getResponse().getWriter().print("done");
                } catch (Exception e) {
                    seen.add(e.toString());
                }
                async.complete();
            });
        });
        Response response = server.get("/");
        assertThat(response.body()).isEqualTo("done");
        assertThat(seen).isEmpty();
        assertCommittedFirst(response);
    }

    /**
     * Spring Security's success handler clears an attribute that is not there after it redirected; setting what
     * is already set is no change either, while a new cookie lifetime would need a Set-Cookie.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void removingAnAbsentAttributeAfterTheRedirectIsNoChange(ServletContainer container) {
        start(container, (req, res) -> {
            req.getSession().setAttribute("user", "ada");
            req.changeSessionId();
            res.sendRedirect("/show");
            HttpSession session = req.getSession(false);
            session.removeAttribute("SPRING_SECURITY_LAST_EXCEPTION");
            session.setAttribute("user", "ada");
            session.setMaxInactiveInterval(session.getMaxInactiveInterval());
            try {
                session.setMaxInactiveInterval(3600);
                seen.add("cookie changed");
            } catch (IllegalStateException e) {
                seen.add("cookie change refused");
            }
        });
        Response response = server.get("/login");
        assertThat(response.status()).isEqualTo(302);
        assertSeen("cookie change refused");
        assertCommittedFirst(response);
        assertThat(store.count(Op.SET)).isEqualTo(1);
        assertThat(store.count(Op.REPLACE)).isZero();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void aRealChangeAfterTheRedirectIsSavedAtTheEndOfTheRequest(ServletContainer container) {
        start(container, (req, res) -> {
            if (req.getRequestURI().equals("/login")) {
                req.getSession().setAttribute("user", "ada");
                return;
            }
            res.sendRedirect("/show");
            req.getSession().setAttribute("flash", "welcome");
        });
        String cookie = server.sessionCookie(server.get("/login"));
        Response response = server.get("/next", cookie);
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.setCookies()).isEmpty();
        // The browser may follow the redirect before the second write lands (the redirect race): wait for it.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.count(Op.REPLACE) == 1);
        assertThat(server.get("/show", cookie).body()).isEqualTo("{flash=welcome, user=ada}");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void aNewSessionAfterTheRedirectIsRefusedLoudly(ServletContainer container) {
        start(container, (req, res) -> {
            res.sendRedirect("/show");
            try {
                req.getSession(true);
                seen.add("created");
            } catch (IllegalStateException e) {
                seen.add("refused");
            }
        });
        Response response = server.get("/");
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.setCookies()).isEmpty();
        assertSeen("refused");
        assertThat(store.calls()).isEmpty();
    }
}
