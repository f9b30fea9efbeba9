package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.CookieOptions;
import io.sessions4j.Priority;
import io.sessions4j.Secure;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.TrustProxy;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.spi.TouchRequest;
import io.sessions4j.testing.ForwardingStore;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('req.session') > describe('.cookie')}: how the session cookie's
 * attributes reach {@code Set-Cookie}, {@code originalMaxAge}, {@code secure} over a real HTTPS connector,
 * {@code maxAge} and {@code expires} changed by the application, and {@code partitioned}. Expiry
 * arithmetic is exact because the test clock starts on a whole second.
 */
@DisplayName("session() req.session .cookie")
class CookieAttributesTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    // ---- .*

    @Test
    @DisplayName(".*: should serialize as parameters (express defaults: resave, saveUninitialized)")
    void shouldSerializeAsParameters() {
        SessionConfig config = Express.defaults(clock).store(store).proxy(TrustProxy.HEADER).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).cookie().httpOnly(false).secure(true);
        })) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().has("HttpOnly")).isFalse();
            assertThat(reply.setCookie().has("Secure")).isTrue();
        }
    }

    @Test
    @DisplayName(".*: should default to a browser-session length cookie "
            + "(express defaults: resave, saveUninitialized)")
    void shouldDefaultToABrowserSessionLengthCookie() {
        SessionConfig config = Express.defaults(clock).store(store).cookie(c -> c.path("/admin")).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/admin").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().has("Expires")).isFalse();
        }
    }

    @Test
    @DisplayName(".*: should Set-Cookie only once for browser-session cookies "
            + "(express defaults: resave, saveUninitialized)")
    void shouldSetCookieOnlyOnceForBrowserSessionCookies() {
        SessionConfig config = Express.defaults(clock).store(store).cookie(c -> c.path("/admin")).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply first = server.get("/admin/foo").send();
            assertThat(first.setCookie("connect.sid")).isNotNull();
            Reply second = server.get("/admin").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName(".*: should override defaults (express defaults: resave, saveUninitialized)")
    void shouldOverrideDefaults() {
        SessionConfig config = Express.defaults(clock).store(store).cookie(c -> c.httpOnly(false)
                .maxAge(Duration.ofMillis(5000)).path("/admin").priority(Priority.HIGH).secure(Secure.ALWAYS))
                .build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).cookie().secure(false);
        })) {
            Reply reply = server.get("/admin").send();
            assertThat(reply.status()).isEqualTo(200);
            SetCookie cookie = reply.setCookie();
            assertThat(cookie.has("Expires")).isTrue();
            assertThat(cookie.has("HttpOnly")).isFalse();
            assertThat(cookie.attribute("Path")).contains("/admin");
            assertThat(cookie.has("Secure")).isFalse();
            assertThat(cookie.attribute("Priority")).contains("High");
        }
    }

    @Test
    @DisplayName(".*: should forward errors setting cookie (sessions4j: invalid cookie options are refused "
            + "when built, never per request, §5.16)")
    void shouldRefuseInvalidOptionsWhenBuilt() {
        assertThatThrownBy(() -> CookieOptions.builder().domain("bad domain;"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.domain");
        assertThatThrownBy(() -> CookieOptions.builder().path("admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.path");
        assertThatThrownBy(() -> CookieOptions.builder().path("/a;b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.path");
        assertThatThrownBy(() -> SessionConfig.builder().secrets(Express.SECRET).name("bad name").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    @DisplayName(".*: should preserve cookies set before writeHead is called (Java: the application's "
            + "setHeader(\"Set-Cookie\")) (express defaults: resave, saveUninitialized)")
    void shouldPreserveCookiesSetBeforeTheResponseIsCommitted() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config,
                (req, res) -> res.setHeader("Set-Cookie", "previous=cookieValue; Path=/; HttpOnly"))) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie("previous").value()).isEqualTo("cookieValue");
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName(".*: should preserve cookies set in writeHead (Java: addCookie, then the application commits "
            + "with flushBuffer()) (express defaults: resave, saveUninitialized)")
    void shouldPreserveCookiesSetWhenTheApplicationCommits() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            res.setStatus(200);
            res.addCookie(new Cookie("previous", "cookieValue"));
            res.flushBuffer();
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie("previous").value()).isEqualTo("cookieValue");
            assertThat(reply.setCookie("connect.sid")).isNotNull();
            assertThat(store.peek(reply.sid())).isPresent();
        }
    }

    // ---- .originalMaxAge

    private static final ConformanceServer.Handler ORIGINAL_MAX_AGE = (req, res) -> Express.end(res,
            session(req).cookie().originalMaxAge().map(d -> Long.toString(d.toMillis())).orElse("null"));

    @Test
    @DisplayName(".originalMaxAge: should equal original maxAge (express defaults: resave, saveUninitialized)")
    void originalMaxAge_shouldEqualOriginalMaxAge() {
        SessionConfig config = Express.defaults(clock).store(store).cookie(c -> c.maxAge(Duration.ofMillis(2000)))
                .build();
        try (ConformanceServer server = ConformanceServer.start(config, ORIGINAL_MAX_AGE)) {
            assertThat(server.get("/").send().body()).isEqualTo("2000");
        }
    }

    @Test
    @DisplayName(".originalMaxAge: should equal original maxAge for all requests "
            + "(express defaults: resave, saveUninitialized)")
    void originalMaxAge_shouldEqualOriginalMaxAgeForAllRequests() {
        SessionConfig config = Express.defaults(clock).store(store).cookie(c -> c.maxAge(Duration.ofMillis(2000)))
                .build();
        try (ConformanceServer server = ConformanceServer.start(config, ORIGINAL_MAX_AGE)) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("2000");
            clock.advance(Duration.ofMillis(100));
            assertThat(server.get("/").cookie(first.cookie()).send().body()).isEqualTo("2000");
        }
    }

    /**
     * express's SmartStore revives {@code expires} itself; the Java twin is a store that manages expiry on
     * its own (it slides the record's expiry when read, as Redis or JDBC stores do with getAndTouch), so
     * what the engine reads back differs from what it wrote.
     */
    private static final class SlidingStore extends ForwardingStore {
        SlidingStore(TestClock clock) {
            super(io.sessions4j.MemoryStore.builder().clock(clock).build());
        }

        @Override
        public Optional<StoredSession> getAndTouch(String id, TouchRequest touch) {
            Optional<StoredSession> found = get(id);
            found.ifPresent(s -> touch(id, touch.now().plusSeconds(30)));
            return get(id);
        }
    }

    @Test
    @DisplayName(".originalMaxAge: should equal original maxAge for all requests (SmartStore twin: a store "
            + "that manages the record expiry itself) (express defaults: resave, saveUninitialized)")
    void originalMaxAge_shouldEqualOriginalMaxAgeForAllRequests_storeManagedExpiry() {
        SlidingStore sliding = new SlidingStore(clock);
        SessionConfig config = Express.defaults(clock).store(sliding).cookie(c -> c.maxAge(Duration.ofMillis(2000)))
                .build();
        try (ConformanceServer server = ConformanceServer.start(config, ORIGINAL_MAX_AGE)) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("2000");
            clock.advance(Duration.ofMillis(100));
            assertThat(server.get("/").cookie(first.cookie()).send().body()).isEqualTo("2000");
        }
    }

    // ---- .secure

    private SessionConfig secureConfig() {
        return SessionConfig.builder().secrets(Express.SECRET).clock(clock).store(store).resave(true)
                .saveUninitialized(true).cookie(c -> c.secure(Secure.ALWAYS)).build();
    }

    @Test
    @DisplayName(".secure: should set cookie when secure (a real HTTPS connector) "
            + "(express defaults: resave, saveUninitialized)")
    void secure_shouldSetCookieWhenSecure() {
        try (ConformanceServer server = ConformanceServer.with(secureConfig()).https()
                .handler((req, res) -> Express.end(res, req.getScheme() + " " + req.isSecure())).start()) {
            Reply reply = server.httpsGet("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("https true");
            assertThat(reply.setCookie().has("Secure")).isTrue();
        }
    }

    @Test
    @DisplayName(".secure: should not set-cookie when insecure (express defaults: resave, saveUninitialized)")
    void secure_shouldNotSetCookieWhenInsecure() {
        try (ConformanceServer server = ConformanceServer.with(secureConfig()).https().start()) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
            assertThat(TweakableStore.writes(store)).as("the session is still saved").isEqualTo(1);
        }
    }

    // ---- .maxAge (express shares one server and counts cycles; each test here replays the cycle)

    /** express's handler: count 1 keeps maxAge, 2 sets 5000, 3 sets 3000000000, then starts over. */
    private static final ConformanceServer.Handler MAX_AGE_CYCLE = (req, res) -> {
        Session s = session(req);
        int count = s.get("count", Integer.class).map(c -> c + 1).orElse(0);
        switch (count) {
            case 1:
                break;
            case 2:
                s.cookie().maxAge(Duration.ofMillis(5000));
                break;
            case 3:
                s.cookie().maxAge(Duration.ofMillis(3000000000L));
                break;
            default:
                count = 0;
                break;
        }
        s.put("count", count);
        Express.end(res, Integer.toString(count));
    };

    /** Runs the cycle up to request {@code n} (1..3) and returns that response. */
    private Reply maxAgeCycle(int n) {
        SessionConfig config = Express.defaults(clock).store(store).cookie(c -> c.maxAge(Duration.ofMillis(2000)))
                .build();
        try (ConformanceServer server = ConformanceServer.start(config, MAX_AGE_CYCLE)) {
            Reply setup = server.get("/").send();
            assertThat(setup.body()).isEqualTo("0");
            String cookie = setup.cookie();
            Reply reply = null;
            for (int i = 1; i <= n; i++) {
                reply = server.get("/").cookie(cookie).send();
                assertThat(reply.body()).isEqualTo(Integer.toString(i));
            }
            return reply;
        }
    }

    private void assertExpiresIn(Reply reply, long millis) {
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.setCookie().expires()).isEqualTo(clock.instant().plusMillis(millis));
    }

    @Test
    @DisplayName(".maxAge: should set cookie expires relative to maxAge (express defaults: resave, "
            + "saveUninitialized)")
    void maxAge_shouldSetCookieExpiresRelativeToMaxAge() {
        assertExpiresIn(maxAgeCycle(1), 2000);
    }

    @Test
    @DisplayName(".maxAge: should modify cookie expires when changed (express defaults: resave, saveUninitialized)")
    void maxAge_shouldModifyCookieExpiresWhenChanged() {
        assertExpiresIn(maxAgeCycle(2), 5000);
    }

    @Test
    @DisplayName(".maxAge: should modify cookie expires when changed to large value "
            + "(express defaults: resave, saveUninitialized)")
    void maxAge_shouldModifyCookieExpiresWhenChangedToLargeValue() {
        assertExpiresIn(maxAgeCycle(3), 3000000000L);
    }

    // ---- .expires

    @Test
    @DisplayName(".expires: when given a Date: should set absolute (express defaults: resave, saveUninitialized)")
    void expires_whenGivenAnInstant_shouldSetAbsolute() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config,
                (req, res) -> session(req).cookie().expires(Instant.EPOCH))) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().attribute("Expires")).contains("Thu, 01 Jan 1970 00:00:00 GMT");
        }
    }

    @Test
    @DisplayName(".expires: when null: should be a browser-session cookie "
            + "(express defaults: resave, saveUninitialized)")
    void expires_whenNull_shouldBeABrowserSessionCookie() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config,
                (req, res) -> session(req).cookie().expires(null))) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().has("Expires")).isFalse();
        }
    }

    @Test
    @DisplayName(".expires: when null: should not reset cookie (express defaults: resave, saveUninitialized)")
    void expires_whenNull_shouldNotResetCookie() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config,
                (req, res) -> session(req).cookie().expires(null))) {
            Reply first = server.get("/").send();
            assertThat(first.setCookie().has("Expires")).isFalse();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.headers("Set-Cookie")).isEmpty();
        }
    }

    @Test
    @DisplayName(".expires: when null: should not reset cookie when modified "
            + "(express defaults: resave, saveUninitialized)")
    void expires_whenNull_shouldNotResetCookieWhenModified() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.cookie().expires(null);
            s.put("hit", s.get("hit", Integer.class).orElse(0) + 1);
        })) {
            Reply first = server.get("/").send();
            assertThat(first.setCookie().has("Expires")).isFalse();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.headers("Set-Cookie")).isEmpty();
        }
    }

    // ---- .partitioned

    private Reply partitioned(CookieOptions options) {
        SessionConfig config = Express.defaults(clock).store(store).cookie(options).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            return reply;
        }
    }

    @Test
    @DisplayName(".partitioned: by default: should not set partitioned attribute "
            + "(express defaults: resave, saveUninitialized)")
    void partitioned_byDefault_shouldNotSetPartitionedAttribute() {
        assertThat(partitioned(CookieOptions.create(c -> c.maxAge(Express.MIN))).setCookie().has("Partitioned"))
                .isFalse();
    }

    @Test
    @DisplayName(".partitioned: when \"false\": should not set partitioned attribute "
            + "(express defaults: resave, saveUninitialized)")
    void partitioned_whenFalse_shouldNotSetPartitionedAttribute() {
        assertThat(partitioned(CookieOptions.create(c -> c.partitioned(false))).setCookie().has("Partitioned"))
                .isFalse();
    }

    @Test
    @DisplayName(".partitioned: when \"true\": should set partitioned attribute "
            + "(express defaults: resave, saveUninitialized)")
    void partitioned_whenTrue_shouldSetPartitionedAttribute() {
        assertThat(partitioned(CookieOptions.create(c -> c.partitioned(true))).setCookie().has("Partitioned"))
                .isTrue();
    }
}
