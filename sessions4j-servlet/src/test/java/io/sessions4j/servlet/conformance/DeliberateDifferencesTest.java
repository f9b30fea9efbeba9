package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessions4j.CookieOptions;
import io.sessions4j.MemoryStore;
import io.sessions4j.RequestInfo;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.Unset;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.spi.StoredSession;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per numbered difference of DESIGN section 5: where sessions4j deliberately does not do what
 * express-session 1.19 does. Each display name says what express does and what sessions4j does instead.
 */
@DisplayName("DESIGN §5: deliberate differences from express-session")
class DeliberateDifferencesTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    @DisplayName("§5.1 the session is saved before the response is committed: no byte of a redirect reaches the "
            + "client while the store write is pending (express sends headers first, #360)")
    void d01_savedBeforeTheResponseIsCommitted() throws Exception {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).put("user", "bob");
            res.sendRedirect("/next");
        })) {
            CountingStore.Gate gate = store.blockNext(CountingStore.Op.SET);
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                gate.awaitEntered();
                socket.setSoTimeout(300);
                InputStream in = socket.getInputStream();
                assertThatThrownBy(in::read).as("nothing is sent while the save is pending")
                        .isInstanceOf(SocketTimeoutException.class);
                gate.release();
                socket.setSoTimeout(10_000);
                Reply reply = RawHttp.parse(in.readAllBytes(), false);
                assertThat(reply.status()).isEqualTo(302);
                assertThat(store.peek(reply.sid())).isPresent();
            }
        }
    }

    @Test
    @DisplayName("§5.2 a store error while saving becomes a clean 503 (Retry-After, no cookie, no partial body), "
            + "not an error after a half-sent response (#538)")
    void d02_storeErrorBecomes503() {
        SessionConfig config = Express.harness(clock).store(store).build();
        store.failAlways(CountingStore.Op.SET);
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).put("user", "bob");
            res.getWriter().print("the page the application meant to send");
            res.flushBuffer();
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isPresent();
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
            assertThat(reply.body()).doesNotContain("the page").doesNotContain("Exception");
        }
    }

    @Test
    @DisplayName("§5.3 destroy() expires the cookie in the browser and calls the store once, even with "
            + "unset=DESTROY (express leaves the cookie and destroys twice, #241)")
    void d03_destroyExpiresTheCookieAndCallsTheStoreOnce() {
        SessionConfig config = Express.harness(clock).store(store).unset(Unset.DESTROY).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (s.isNew()) {
                s.put("user", "bob");
            } else {
                s.destroy();
            }
        })) {
            Reply first = server.get("/").send();
            store.resetCounts();
            Reply second = server.get("/logout").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.headers("Set-Cookie"))
                    .containsExactly("connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly");
            assertThat(store.count(CountingStore.Op.DESTROY)).isEqualTo(1);
            assertThat(store.peek(first.sid())).isEmpty();
        }
    }

    @Test
    @DisplayName("§5.4 a cookie-only change (\"remember me\": a longer maxAge) sends a new Set-Cookie and reaches "
            + "the store (express sends nothing, #452)")
    void d04_cookieOnlyChangeSendsSetCookie() throws Exception {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (s.isNew()) {
                s.put("user", "bob");
            } else {
                s.cookie().maxAge(Duration.ofDays(7));
            }
        })) {
            Reply first = server.get("/").send();
            clock.advance(Duration.ofSeconds(5));
            Reply second = server.get("/remember-me").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.setCookie().expires()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
            StoredSession stored = store.peek(first.sid()).orElseThrow();
            assertThat(mapper.readTree(stored.json()).path("cookie").path("originalMaxAge").asLong())
                    .isEqualTo(Duration.ofDays(7).toMillis());
            assertThat(stored.expires()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        }
    }

    @Test
    @DisplayName("§5.5 an expired session returned by a store is refused by the engine too (express uses it, "
            + "with a negative maxAge)")
    void d05_expiredSessionsFromTheStoreAreRefused() {
        SessionConfig config = Express.harness(clock).store(store).build();
        AtomicInteger count = new AtomicInteger();
        try (ConformanceServer server = ConformanceServer.start(config, SessionTest.numberingHandler(count))) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session 1");
            Instant past = Instant.parse("2000-01-01T00:00:00Z");
            TweakableStore.of(store).rewriteReads(found -> found.map(s -> new StoredSession(
                    s.json().replaceFirst("\"expires\":\"[^\"]*\"", "\"expires\":\"2000-01-01T00:00:00.000Z\""),
                    past)));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("session 2");
            assertThat(second.sid()).isNotEqualTo(first.sid());
        }
    }

    @Test
    @DisplayName("§5.6 cookie.path matches by RFC 6265 path-match: /admin does not match /administrator "
            + "(express: string prefix, #1114)")
    void d06_rfc6265PathMatch() {
        SessionConfig config = Express.defaults(clock).store(store).cookie(c -> c.path("/admin")).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            assertThat(server.get("/administrator").send().hasHeader("Set-Cookie")).isFalse();
            assertThat(server.get("/admin/users").send().setCookie().attribute("Path")).contains("/admin");
            assertThat(TweakableStore.length(store)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("§5.7 several cookies with our name: each is tried, the first valid one wins (express takes "
            + "only the first, #881, #1010)")
    void d07_duplicateCookiesAreEachTried() {
        SessionConfig config = Express.harness(clock).store(store).build();
        AtomicInteger count = new AtomicInteger();
        try (ConformanceServer server = ConformanceServer.start(config, SessionTest.numberingHandler(count))) {
            Reply valid = server.get("/").send();
            Reply stale = server.get("/").send();
            store.delegate().destroy(stale.sid());
            String tampered = CookieSignatureTest.tamper(valid.cookie());

            Reply badFirst = server.get("/").cookie(tampered + "; " + valid.cookie()).send();
            assertThat(badFirst.body()).isEqualTo("session 1");
            Reply staleFirst = server.get("/").cookie(stale.cookie() + "; " + valid.cookie()).send();
            assertThat(staleFirst.body()).isEqualTo("session 1");
            Reply twoHeaders = server.get("/").cookie(stale.cookie()).cookie(valid.cookie()).send();
            assertThat(twoHeaders.body()).isEqualTo("session 1");
        }
    }

    @Test
    @DisplayName("§5.8 no key is silently dropped on load: keys named like JavaScript members survive (express "
            + "drops save, reload, constructor, toString... on load)")
    void d08_noKeyIsSilentlyDropped() throws Exception {
        List<String> names = List.of("save", "reload", "destroy", "regenerate", "touch", "resetMaxAge", "id",
                "req", "constructor", "toString", "hasOwnProperty", "__proto__");
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (s.isNew()) {
                for (String name : names) {
                    s.put(name, "value of " + name);
                }
            }
            Express.end(res, String.join(",", s.keys()));
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo(String.join(",", names));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.body()).isEqualTo(String.join(",", names));
            JsonNode stored = mapper.readTree(store.peek(first.sid()).orElseThrow().json());
            for (String name : names) {
                assertThat(stored.path(name).asText()).isEqualTo("value of " + name);
            }
        }
    }

    @Test
    @DisplayName("§5.9 a cookie function's secure AUTO and sameSite AUTO are still resolved (express: no cookie "
            + "over HTTP, an error over HTTPS), over a real HTTPS connector")
    void d09_cookieFunctionResolvesAuto() {
        SessionConfig config = Express.defaults(clock).store(store)
                .cookiePerRequest((RequestInfo request) -> CookieOptions.create(b -> b.maxAge(Express.MIN)
                        .secure(Secure.AUTO).sameSite(SameSite.AUTO)))
                .build();
        try (ConformanceServer server = ConformanceServer.with(config).https().start()) {
            SetCookie overTls = server.httpsGet("/").send().setCookie();
            assertThat(overTls.has("Secure")).isTrue();
            assertThat(overTls.attribute("SameSite")).contains("None");
            SetCookie plain = server.get("/").send().setCookie();
            assertThat(plain.has("Secure")).isFalse();
            assertThat(plain.attribute("SameSite")).contains("Lax");
            for (String id : store.delegate().ids().toList()) {
                assertThat(store.peek(id).orElseThrow().json()).doesNotContain("\"auto\"");
            }
        }
    }

    @Test
    @DisplayName("§5.10 the secret is required when the configuration is built, and a short one is warned about "
            + "(express: a 500 per request)")
    void d10_secretRequiredAtBuildAndShortSecretWarned() {
        assertThatThrownBy(() -> SessionConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> SessionConfig.builder().secrets("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SessionConfig.builder().secrets("keyboard cat").build();
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("WARN").contains("secret");
    }

    @Test
    @DisplayName("§5.11 defaults resave=false and saveUninitialized=false: an untouched new session makes no "
            + "store call and sends no cookie (express: true/true)")
    void d11_defaultsAreFalse() {
        SessionConfig config = SessionConfig.builder().secrets(Express.SECRET).clock(clock).store(store).build();
        assertThat(config.resave()).isFalse();
        assertThat(config.saveUninitialized()).isFalse();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> session(req))) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
            assertThat(store.totalCalls()).isZero();
        }
    }

    @Test
    @DisplayName("§5.12 the memory store can be bounded, and expired entries leave it without being read "
            + "(express's MemoryStore grows forever)")
    void d12_memoryStoreIsBoundedAndExpires() throws Exception {
        MemoryStore memory = MemoryStore.builder().clock(clock).maximumSize(3).build();
        SessionConfig config = Express.harness(clock).store(memory).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> session(req).put("n", 1))) {
            for (int i = 0; i < 10; i++) {
                assertThat(server.get("/").send().status()).isEqualTo(200);
            }
            // Inside the block: stopping the server destroys the filter, which closes the store it owns.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (memory.length() > 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(memory.length()).isLessThanOrEqualTo(3);
            assertThat(memory.length()).isPositive();
            clock.advance(Express.MIN.plusSeconds(1));
            assertThat(memory.length()).isZero();
            assertThat(memory.ids().toList()).isEmpty();
        }
    }

    @Test
    @DisplayName("§5.13 regenerate() then save() stores the new session once (express: twice, #935); a failing "
            + "destroy during regenerate() is reported, not ignored")
    void d13_regenerateThenSaveStoresOnce() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (s.isNew()) {
                s.put("visitor", true);
                return;
            }
            s.regenerate();
            s.put("user", "bob");
            s.save();
            Express.end(res, "logged in");
        })) {
            Reply anonymous = server.get("/").send();
            store.resetCounts();
            Reply login = server.get("/login").cookie(anonymous.cookie()).send();
            assertThat(login.body()).isEqualTo("logged in");
            assertThat(login.sid()).isNotEqualTo(anonymous.sid());
            assertThat(store.count(CountingStore.Op.DESTROY)).isEqualTo(1);
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            assertThat(store.peek(anonymous.sid())).isEmpty();

            Reply again = server.get("/").send();
            store.failAlways(CountingStore.Op.DESTROY);
            Reply failed = server.get("/login").cookie(again.cookie()).send();
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.hasHeader("Set-Cookie")).isFalse();
            assertThat(store.peek(again.sid())).as("the old session is still there, and the client knows it failed")
                    .isPresent();
        }
    }

    @Test
    @DisplayName("§5.14 an explicit save() of a new session also sends its cookie (express stores it but sends "
            + "no cookie when saveUninitialized=false)")
    void d14_explicitSaveOfNewSessionSendsItsCookie() {
        SessionConfig config = Express.harness(clock).store(store).saveUninitialized(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> session(req).save())) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.findSetCookie("connect.sid")).as("the cookie of the saved session").isPresent();
            assertThat(store.peek(reply.sid())).isPresent();
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("§5.15 unset=DESTROY on a session that was never stored makes no store call (express calls "
            + "destroy for it)")
    void d15_unsetDestroyOnNeverStoredSessionMakesNoStoreCall() {
        SessionConfig config = Express.harness(clock).store(store).unset(Unset.DESTROY).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).put("user", "bob");
            SessionFilter.unset(req);
            Express.end(res, "session destroyed");
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("session destroyed");
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
            assertThat(store.totalCalls()).isZero();
        }
    }

    @Test
    @DisplayName("§5.16 invalid option values are refused when the configuration is built, and stored sameSite / "
            + "priority are normalized to lower case (express accepts some and fails per request)")
    void d16_invalidOptionsRefusedAndStoredCaseNormalized() throws Exception {
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.maxAge");
        assertThatThrownBy(() -> CookieOptions.builder().domain("exa mple.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.domain");
        assertThatThrownBy(() -> CookieOptions.builder().path("no-slash"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.path");
        assertThatThrownBy(() -> Express.harness(clock).touchAfter(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("touchAfter");
        assertThatThrownBy(() -> Express.harness(clock).mergeAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mergeAttempts");
        assertThatThrownBy(() -> Express.harness(clock).name("a;b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");

        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("n", s.get("n", Integer.class).orElse(0) + 1);
        })) {
            Reply first = server.get("/").send();
            StoredSession stored = store.peek(first.sid()).orElseThrow();
            ObjectNode json = (ObjectNode) mapper.readTree(stored.json());
            ((ObjectNode) json.get("cookie")).put("sameSite", "Lax").put("priority", "HIGH");
            TweakableStore.of(store).put(first.sid(), mapper.writeValueAsString(json), stored.expires());

            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.setCookie().attribute("SameSite")).contains("Lax");
            assertThat(second.setCookie().attribute("Priority")).contains("High");
            JsonNode cookie = mapper.readTree(store.peek(first.sid()).orElseThrow().json()).path("cookie");
            assertThat(cookie.path("sameSite").asText()).isEqualTo("lax");
            assertThat(cookie.path("priority").asText()).isEqualTo("high");
        }
    }
}
