package io.sessions4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.IdTransport;
import io.sessions4j.MemoryStore;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.JettyHarness;
import io.sessions4j.servlet.testing.TestHttpServer.Response;
import io.sessions4j.spi.SessionObserver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session id in an X-Session-Token header, as an API client sees it, over real HTTP on Jetty 12. */
class TokenHeaderOverHttpTest {
    private static final String HEADER = "X-Session-Token";
    private static final String OLD_SECRET = "the secret signing tokens before the rotation";

    private final MemoryStore store = new MemoryStore();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final SessionObserver observer = new SessionObserver() {
        @Override
        public void rejected(Rejection reason) {
            rejections.add(reason.name());
        }
    };
    private final List<JettyHarness> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(JettyHarness::close);
    }

    private JettyHarness start(SessionConfig.Builder config) {
        // The filter does not own the shared store here: servers of one test share it.
        JettyHarness jetty = JettyHarness.start(new SessionFilter(io.sessions4j.spi.SessionManager.create(
                config.store(store).observer(observer).build())), TokenHeaderOverHttpTest::handle);
        servers.add(jetty);
        return jetty;
    }

    private JettyHarness start(IdTransport transport) {
        return start(TestConfigs.with(store).idTransport(transport));
    }

    private static void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setContentType("text/plain");
        switch (req.getRequestURI()) {
            case "/login" -> req.changeSessionId();
            case "/logout" -> req.getSession().invalidate();
            case "/whoami" -> {
                res.getWriter().print(req.getRequestedSessionId() + " " + req.isRequestedSessionIdFromCookie() + " "
                        + req.isRequestedSessionIdValid());
                return;
            }
            default -> {
                Session s = SessionFilter.session(req);
                int views = s.get("views", Integer.class).orElse(0) + 1;
                s.put("views", views);
                res.getWriter().print(views);
            }
        }
    }

    private static Response get(JettyHarness jetty, String path, String token) {
        return jetty.send("GET", path, null, token == null ? Map.of() : Map.of(HEADER, List.of(token)));
    }

    private static String tokenOf(Response response) {
        assertThat(response.headers(HEADER)).hasSize(1);
        return response.headers(HEADER).get(0);
    }

    private static String idOf(String token) {
        String signed = URLDecoder.decode(token, StandardCharsets.UTF_8);
        return signed.substring(2, signed.lastIndexOf('.'));
    }

    @Test
    void anApiClientKeepsItsSessionWithTheTokenItWasGivenOnce() {
        JettyHarness jetty = start(IdTransport.header());
        Response first = get(jetty, "/count", null);
        assertThat(first.body()).isEqualTo("1");
        String token = tokenOf(first);
        assertThat(token).startsWith("s%3A");
        assertThat(first.headers("Cache-Control")).contains("no-store");
        assertThat(first.setCookies()).isEmpty();

        Response second = get(jetty, "/count", token);
        assertThat(second.body()).isEqualTo("2");
        assertThat(second.headers(HEADER)).isEmpty();
        assertThat(second.headers("Cache-Control")).isEmpty();
        assertThat(second.setCookies()).isEmpty();
    }

    @Test
    void theServletApiSeesTheRequestedIdAsNotFromACookie() {
        JettyHarness jetty = start(IdTransport.header());
        String token = tokenOf(get(jetty, "/count", null));
        assertThat(get(jetty, "/whoami", token).body()).isEqualTo(idOf(token) + " false true");
    }

    @Test
    void changeSessionIdSendsANewTokenAndTheOldOneNoLongerWorks() {
        JettyHarness jetty = start(IdTransport.header());
        String old = tokenOf(get(jetty, "/count", null));
        String fresh = tokenOf(get(jetty, "/login", old));
        assertThat(idOf(fresh)).isNotEqualTo(idOf(old));
        assertThat(get(jetty, "/count", fresh).body()).isEqualTo("2");
        assertThat(get(jetty, "/count", old).body()).isEqualTo("1");
    }

    @Test
    void invalidateAnswersWithAnEmptyToken() {
        JettyHarness jetty = start(IdTransport.header());
        String token = tokenOf(get(jetty, "/count", null));
        Response logout = get(jetty, "/logout", token);
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.headers(HEADER)).containsExactly("");
        assertThat(logout.headers("Cache-Control")).contains("no-store");
        assertThat(get(jetty, "/count", token).body()).isEqualTo("1");
    }

    @Test
    void aTokenOfTheRetiredSecretWorksAfterRotationAndComesBackReSigned() {
        JettyHarness before = start(TestConfigs.with(store).secrets(OLD_SECRET).idTransport(IdTransport.header()));
        JettyHarness after = start(TestConfigs.with(store).secrets(TestConfigs.SECRET, OLD_SECRET)
                .idTransport(IdTransport.header()));
        String old = tokenOf(get(before, "/count", null));
        Response rotated = get(after, "/count", old);
        assertThat(rotated.body()).isEqualTo("2");
        String resigned = tokenOf(rotated);
        assertThat(idOf(resigned)).isEqualTo(idOf(old));
        assertThat(resigned).isNotEqualTo(old);
        Response next = get(after, "/count", resigned);
        assertThat(next.body()).isEqualTo("3");
        assertThat(next.headers(HEADER)).isEmpty();
    }

    @Test
    void aTamperedTokenIsCountedAndGetsAFreshSession() {
        JettyHarness jetty = start(IdTransport.header());
        String token = tokenOf(get(jetty, "/count", null));
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(43);
        Response response = get(jetty, "/count", tampered);
        assertThat(response.body()).isEqualTo("1");
        assertThat(idOf(tokenOf(response))).isNotEqualTo(idOf(token));
        assertThat(rejections).containsExactly("TAMPERED");
    }

    @Test
    void badTokensGetAFreshSessionNeverAnError() {
        JettyHarness jetty = start(IdTransport.header());
        String token = tokenOf(get(jetty, "/count", null));
        List<Map<String, List<String>>> bad = List.of(
                Map.of(HEADER, List.of("s:" + "x".repeat(5000))),
                Map.of(HEADER, List.of(token, tokenOf(get(jetty, "/count", null)))),
                Map.of(HEADER, List.of("%%%garbage%%%")),
                Map.of(HEADER, List.of("s%3A.")));
        for (Map<String, List<String>> headers : bad) {
            Response response = jetty.send("GET", "/count", null, headers);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("1");
        }
        assertThat(rejections).containsExactly("MALFORMED", "MALFORMED", "UNSIGNED", "MALFORMED");
        Response empty = jetty.send("GET", "/count", null, Map.of(HEADER, List.of("")));
        assertThat(empty.body()).isEqualTo("1");
        assertThat(rejections).hasSize(4);
    }

    @Test
    void aHeaderOverTheContainersLimitIsRefusedByJettyNotWithA500() {
        JettyHarness jetty = start(IdTransport.header());
        Response response = jetty.send("GET", "/count", null, Map.of(HEADER, List.of("s:" + "x".repeat(20_000))));
        assertThat(response.status()).isEqualTo(431);
    }

    @Test
    void controlBytesInTheTokenNeverCauseA500() throws IOException {
        JettyHarness jetty = start(IdTransport.header());
        byte[] request = ("GET /count HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + HEADER
                + ": s:\u00ff\u00fe\u0001id.sig\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        String statusLine;
        try (Socket socket = new Socket("127.0.0.1", jetty.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String reply = all.toString(StandardCharsets.ISO_8859_1);
            statusLine = reply.substring(0, reply.indexOf("\r\n"));
        }
        assertThat(statusLine).isIn("HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request");
    }

    @Test
    void withBothTransportsABrowserUsesTheCookieAndAnApiClientTheHeader() {
        JettyHarness jetty = start(IdTransport.headerThenCookie(HEADER));
        Response first = get(jetty, "/count", null);
        String token = tokenOf(first);
        String cookie = jetty.sessionCookie(first);
        assertThat(cookie).isEqualTo("connect.sid=" + token);

        Response byCookie = jetty.get("/count", cookie);
        assertThat(byCookie.body()).isEqualTo("2");
        assertThat(byCookie.headers(HEADER)).isEmpty();
        assertThat(jetty.get("/whoami", cookie).body()).isEqualTo(idOf(token) + " true true");

        Response byHeader = get(jetty, "/count", token);
        assertThat(byHeader.body()).isEqualTo("3");
        assertThat(byHeader.setCookies()).isEmpty();
        assertThat(byHeader.headers(HEADER)).isEmpty();
        assertThat(get(jetty, "/whoami", token).body()).isEqualTo(idOf(token) + " false true");
    }

    @Test
    void theDefaultCookieTransportIgnoresTheHeader() {
        JettyHarness jetty = start(IdTransport.cookie());
        Response first = jetty.get("/count");
        assertThat(first.headers(HEADER)).isEmpty();
        String value = jetty.sessionCookie(first).substring("connect.sid=".length());
        assertThat(get(jetty, "/count", value).body()).isEqualTo("1");
    }
}
