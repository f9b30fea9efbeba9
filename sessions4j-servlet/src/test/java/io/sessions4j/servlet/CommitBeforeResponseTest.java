package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.servlet.testing.CountingStore.Op;
import io.sessions4j.servlet.testing.JettyHarness;
import io.sessions4j.servlet.testing.RawHttp;
import jakarta.servlet.ServletOutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session is stored, and its cookie set, before any byte of the response leaves. */
class CommitBeforeResponseTest {
    private final CountingStore store = new CountingStore();
    /** What the handler observed while running, for assertions after the response. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private JettyHarness jetty;

    @AfterEach
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }

    private void start(JettyHarness.Handler handler) {
        jetty = JettyHarness.builder().config(TestConfigs.with(store).build())
                .servlet("/next", (req, res) -> res.getWriter().print(
                        SessionFilter.session(req).get("user").orElse("nobody")))
                .servlet("/*", handler)
                .start();
    }

    @Test
    void redirectIsSentOnlyAfterTheSessionIsStored() throws Exception {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.sendRedirect("/next");
            seen.add("after redirect");
        });
        CountingStore.Gate gate = store.blockNext(Op.SET);
        try (RawHttp http = RawHttp.get(jetty, "/login", null)) {
            gate.awaitEntered();
            assertThat(http.anyByteWithin(300)).as("response bytes while the store write is held").isFalse();
            assertThat(seen).isEmpty();
            gate.release();
            String response = http.readAll();
            assertThat(response).startsWith("HTTP/1.1 302").contains("Location: ").contains("Set-Cookie: connect.sid=s%3A");
            String cookie = response.lines().filter(l -> l.startsWith("Set-Cookie: connect.sid="))
                    .map(l -> l.substring("Set-Cookie: ".length(), l.indexOf(';')))
                    .findFirst().orElseThrow();
            assertThat(jetty.get("/next", cookie).body()).isEqualTo("ada");
        }
    }

    @Test
    void changedSessionIsReplacedInTheStoreBeforeTheRedirectLeaves() throws Exception {
        start((req, res) -> {
            Session s = SessionFilter.session(req);
            s.put("user", req.getParameter("as"));
            res.sendRedirect("/next");
        });
        String cookie = jetty.sessionCookie(jetty.get("/login?as=ada"));
        CountingStore.Gate gate = store.blockNext(Op.REPLACE);
        try (RawHttp http = RawHttp.get(jetty, "/login?as=grace", cookie)) {
            gate.awaitEntered();
            assertThat(http.anyByteWithin(300)).isFalse();
            gate.release();
            assertThat(http.readAll()).startsWith("HTTP/1.1 302");
        }
        assertThat(jetty.get("/next", cookie).body()).isEqualTo("grace");
    }

    @Test
    void flushBufferCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.getWriter().print("partial ");
            res.flushBuffer();
            seen.add("sets after flush: " + store.count(Op.SET));
            res.getWriter().print("rest");
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).isEqualTo("partial rest");
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(seen).containsExactly("sets after flush: 1");
        assertThat(store.count(Op.SET)).isEqualTo(1);
    }

    @Test
    void writerFlushCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            PrintWriter w = res.getWriter();
            w.print("x");
            w.flush();
            seen.add("sets after flush: " + store.count(Op.SET));
        });
        assertThat(jetty.get("/").setCookie("connect.sid")).isPresent();
        assertThat(seen).containsExactly("sets after flush: 1");
    }

    @Test
    void outputStreamCloseCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            ServletOutputStream out = res.getOutputStream();
            out.write('x');
            seen.add("sets before close: " + store.count(Op.SET));
            out.close();
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).isEqualTo("x");
        // close() completes the response, so the cookie in it proves the commit ran first.
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(seen).containsExactly("sets before close: 0");
    }

    @Test
    void reachingTheContentLengthCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.setContentLength(5);
            res.getOutputStream().write("hel".getBytes());
            seen.add("before the last bytes: " + store.count(Op.SET));
            res.getOutputStream().write("lo".getBytes());
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).isEqualTo("hello");
        // The last byte completes the response, so the cookie in it proves the commit ran first.
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(seen).containsExactly("before the last bytes: 0");
    }

    @Test
    void reachingAContentLengthHeaderWithTheWriterCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Content-Length", "4");
            res.getWriter().print("\u00e9"); // 2 bytes in UTF-8
            seen.add("after half the body: " + store.count(Op.SET));
            res.getWriter().print("\u00e9");
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).isEqualTo("\u00e9\u00e9");
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(seen).containsExactly("after half the body: 0");
    }

    @Test
    void largeBodyWrittenInSmallPiecesCommitsTheSessionBeforeTheBufferOverflows() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            ServletOutputStream out = res.getOutputStream();
            byte[] line = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n".getBytes();
            for (int i = 0; i < 4096; i++) {
                out.write(line);
            }
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).hasSize(64 * 4096);
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(store.count(Op.SET)).isEqualTo(1);
    }

    @Test
    void largeBodyInOneWriteCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.getOutputStream().write(new byte[200_000]);
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).hasSize(200_000);
        assertThat(response.setCookie("connect.sid")).isPresent();
    }

    @Test
    void largeMultibyteTextThroughTheWriterCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.setContentType("text/plain;charset=UTF-8");
            PrintWriter w = res.getWriter();
            for (int i = 0; i < 20_000; i++) {
                w.print("\u20ac\ud83d\ude00"); // 3 + 4 bytes
            }
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).hasSize(60_000);
        assertThat(response.setCookie("connect.sid")).isPresent();
    }

    @Test
    void sendErrorCommitsTheSessionFirst() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.sendError(404);
            seen.add("sets after sendError: " + store.count(Op.SET));
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(seen).containsExactly("sets after sendError: 1");
    }

    @Test
    void commitsExactlyOnceWhateverTriggersFollow() {
        start((req, res) -> {
            SessionFilter.session(req).put("user", "ada");
            res.flushBuffer();
            res.getWriter().print("x");
            res.getWriter().flush();
            res.flushBuffer();
            res.getWriter().close();
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.setCookies()).hasSize(1);
        assertThat(store.calls()).containsExactly("set");
    }

    @Test
    void creatingASessionAfterTheCommitThrowsIllegalState() {
        start((req, res) -> {
            res.flushBuffer();
            try {
                SessionFilter.session(req);
                seen.add("no exception");
            } catch (IllegalStateException e) {
                seen.add("IllegalStateException: " + e.getMessage());
            }
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.setCookies()).isEmpty();
        assertThat(seen).singleElement().asString().startsWith("IllegalStateException: a new session")
                .contains("already committed");
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void smallResponseCommitsOnTheFiltersReturnWithItsCookie() {
        start((req, res) -> {
            res.getWriter().print("ok");
            SessionFilter.session(req).put("user", "ada");
        });
        JettyHarness.Response response = jetty.get("/");
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.setCookie("connect.sid")).isPresent();
        assertThat(store.calls()).containsExactly("set");
    }
}
