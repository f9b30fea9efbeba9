package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.CookieOptions;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.Session;
import io.sessions4j.SessionException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.TrustProxy;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading the cookie, loading the session, and refusing what must be refused. */
class SessionLoadingTest extends EngineTestSupport {

    @Test
    void tamperedSignatureNeverReachesTheStore() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String tampered = first.cookiePair().substring(0, first.cookiePair().length() - 3) + "abc";
        request(engine, FakeExchange.get("/").cookie(tampered), s -> assertThat(s.isNew()).isTrue());
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void unsignedCookieIsIgnored() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        request(engine, FakeExchange.get("/").cookie("connect.sid=" + id), s -> assertThat(s.isNew()).isTrue());
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void secretRotationReadsCookiesSignedWithAnOlderSecretAndSignsWithTheNewest() {
        SessionManager old = engine();
        FakeExchange first = stored(old);
        SessionManager rotated = engine(b -> b.secrets("a brand new secret", SECRET));
        FakeExchange ex = request(rotated, FakeExchange.following(first), s -> {
            assertThat(s.isNew()).isFalse();
            s.put("views", 2);
        });
        assertThat(ex.cookiePair()).isNotEqualTo(first.cookiePair());
        request(engine(b -> b.secrets("a brand new secret")), FakeExchange.following(ex),
                s -> assertThat(s.get("views", Integer.class)).contains(2));
    }

    @Test
    void aValidCookieAfterAStaleDuplicateStillLoadsTheSession() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String header = "connect.sid=s%3Abogus.c2lnbmF0dXJl; other=1; " + first.cookiePair();
        request(engine, FakeExchange.get("/").cookie(header), s -> assertThat(s.isNew()).isFalse());
    }

    @Test
    void aSignedCookieForAnUnknownSessionGivesANewSessionWithANewId() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        store.delegate().destroy(CommitDecisionsTest.sessionId(first));
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> {
            assertThat(s.isNew()).isTrue();
            s.put("n", 1);
        });
        assertThat(CommitDecisionsTest.sessionId(ex)).isNotEqualTo(CommitDecisionsTest.sessionId(first));
    }

    @Test
    void malformedCookieHeadersGiveANewSessionWithoutError() {
        SessionManager engine = engine();
        for (String header : new String[] {"connect.sid=%E0%A4%A", "connect.sid=\"s:%%%\"", "connect.sid=;;;==",
                "connect.sid=s:", "connect.sid=s:.", "connect.sid=s:abc", "=", ";", "connect.sid",
                "connect.sid=" + "A".repeat(100_000)}) {
            request(engine, FakeExchange.get("/").cookie(header), s -> assertThat(s.isNew()).isTrue());
        }
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void sessionTheStoreReturnsAlreadyExpiredIsRefused() {
        ExpiredReturningStore lenient = new ExpiredReturningStore();
        SessionManager engine = SessionManager.create(io.sessions4j.SessionConfig.builder()
                .secrets(SECRET).store(lenient).clock(clock).build());
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        clock.advance(Duration.ofDays(2));
        request(engine, FakeExchange.following(first), s -> assertThat(s.isNew()).isTrue());
    }

    @Test
    void unreadableStoredDataIsTreatedAsMissingAndRemoved() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        store.delegate().set(id, new StoredSession("{\"no-cookie\":true}", clock.instant().plusSeconds(60)));
        request(engine, FakeExchange.following(first), s -> assertThat(s.isNew()).isTrue());
        assertThat(store.delegate().get(id)).isEmpty();
    }

    @Test
    void storeFailureOnLoadIsASessionStoreExceptionNamingStoreAndOperation() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        store.failNext("get", 1);
        assertThatThrownBy(() -> engine.open(FakeExchange.following(first)))
                .isInstanceOfSatisfying(SessionStoreException.class, e -> {
                    assertThat(e.store()).isEqualTo("CountingStore");
                    assertThat(e.operation()).isEqualTo("get");
                });
    }

    @Test
    void storeFailureOnCommitLeavesNoSetCookie() {
        SessionManager engine = engine();
        store.failNext("set", 1);
        FakeExchange ex = FakeExchange.get("/");
        try (RequestScope scope = engine.open(ex)) {
            scope.session().put("a", 1);
            assertThatThrownBy(scope::commit).isInstanceOf(SessionStoreException.class);
        }
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void sessionPastItsMaxLifetimeIsRefusedHoweverActive() {
        SessionManager engine = engine(b -> b.maxLifetime(Duration.ofMinutes(3)));
        FakeExchange first = stored(engine);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(50));
            request(engine, FakeExchange.following(first), s -> assertThat(s.isNew()).isFalse());
        }
        clock.advance(Duration.ofSeconds(50));
        request(engine, FakeExchange.following(first), s -> assertThat(s.isNew()).isTrue());
    }

    @Test
    void persistentCookieNeverOutlivesTheMaxLifetime() {
        SessionManager engine = engine(b -> b.maxLifetime(Duration.ofMinutes(10))
                .cookie(c -> c.maxAge(Duration.ofHours(1))));
        FakeExchange ex = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        assertThat(ex.setCookies()).singleElement().asString().contains("Expires=Wed, 25 Nov 2026 19:45:34 GMT");
    }

    @Test
    void pathOutsideTheCookiePathHasNoSession() {
        SessionManager engine = engine(b -> b.cookie(c -> c.path("/admin")));
        try (RequestScope scope = engine.open(FakeExchange.get("/administrator"))) {
            assertThat(scope.sessionAvailable()).isFalse();
            assertThatThrownBy(scope::session).isInstanceOf(IllegalStateException.class);
            scope.commit();
        }
        try (RequestScope scope = engine.open(FakeExchange.get("/admin/users"))) {
            assertThat(scope.sessionAvailable()).isTrue();
        }
    }

    @Test
    void proxyHeaderModeTrustsTheFirstForwardedProto() {
        SessionManager engine = engine(b -> b.proxy(TrustProxy.HEADER).cookie(c -> c.secure(true)));
        FakeExchange ex = request(engine, FakeExchange.get("/").header("X-Forwarded-Proto", "HTTPS , http"),
                s -> s.put("a", 1));
        assertThat(ex.setCookies()).singleElement().asString().contains("; Secure");
        FakeExchange plain = request(engine, FakeExchange.get("/").header("X-Forwarded-Proto", "http, https"),
                s -> s.put("a", 1));
        assertThat(plain.setCookies()).isEmpty();
    }

    @Test
    void proxyNoneIgnoresTheContainerAndHeaders() {
        SessionManager engine = engine(b -> b.proxy(TrustProxy.NONE).cookie(c -> c.secure(Secure.AUTO)));
        FakeExchange ex = request(engine, FakeExchange.get("/").secure(true).header("X-Forwarded-Proto", "https"),
                s -> s.put("a", 1));
        assertThat(ex.setCookies()).singleElement().asString().doesNotContain("Secure");
        FakeExchange tls = request(engine, FakeExchange.get("/").tls(true), s -> s.put("a", 1));
        assertThat(tls.setCookies()).singleElement().asString().contains("; Secure");
    }

    @Test
    void cookieFunctionStillResolvesAutoValues() {
        SessionManager engine = engine(b -> b.cookiePerRequest(request -> CookieOptions.builder()
                .path(request.path().startsWith("/api") ? "/api" : "/")
                .secure(Secure.AUTO).sameSite(SameSite.AUTO).build()));
        FakeExchange secure = request(engine, FakeExchange.get("/api/x").secure(true), s -> s.put("a", 1));
        assertThat(secure.setCookies()).singleElement().asString()
                .contains("; Path=/api").contains("; Secure").endsWith("; SameSite=None");
        FakeExchange insecure = request(engine, FakeExchange.get("/"), s -> s.put("a", 1));
        assertThat(insecure.setCookies()).singleElement().asString()
                .doesNotContain("Secure").endsWith("; SameSite=Lax");
    }

    @Test
    void customGenidIsSignedAndEncodedLikeExpress() {
        SessionManager engine = engine(b -> b.genid(r -> "apple").saveUninitialized(true).cookie(c -> c.maxAge(null)));
        FakeExchange ex = request(engine, FakeExchange.get("/"), s -> { });
        assertThat(ex.setCookies()).containsExactly(
                "connect.sid=s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU; Path=/; HttpOnly");
    }

    @Test
    void genidReturningNothingFailsClearly() {
        SessionManager engine = engine(b -> b.genid(r -> ""));
        try (RequestScope scope = engine.open(FakeExchange.get("/"))) {
            assertThatThrownBy(scope::session).isInstanceOf(SessionException.class).hasMessageContaining("genid");
        }
    }

    @Test
    void aRequestThatNeverAsksForTheSessionGetsNoneGenerated() {
        SessionManager engine = engine(b -> b.genid(r -> {
            throw new AssertionError("no id should be generated");
        }));
        FakeExchange ex = untouched(engine, FakeExchange.get("/"));
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void defaultIdsAre32Base64UrlCharacters() {
        FakeExchange ex = request(engine(), FakeExchange.get("/"), s -> s.put("a", 1));
        assertThat(CommitDecisionsTest.sessionId(ex)).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    void storedCookieKeepsTheAttributesItWasCreatedWith() {
        SessionManager first = engine(b -> b.cookie(c -> c.maxAge(Duration.ofMinutes(1)).domain("example.com")));
        FakeExchange created = request(first, FakeExchange.get("/"), s -> s.put("a", 1));
        SessionManager reconfigured = engine(b -> b.cookie(c -> c.maxAge(Duration.ofMinutes(1))));
        FakeExchange ex = request(reconfigured, FakeExchange.following(created), s -> s.put("a", 2));
        assertThat(ex.setCookies()).singleElement().asString().contains("Domain=example.com");
    }

    @Test
    void touchedStoreExpiryIsWhatTheApplicationSeesAsMaxAge() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        clock.advance(Duration.ofSeconds(30));
        store.delegate().touch(id, clock.instant().plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofSeconds(20));
        request(engine, FakeExchange.following(first),
                s -> assertThat(s.cookie().maxAge()).contains(Duration.ofSeconds(40)));
    }

    @Test
    void storedCookieAttributesThatWouldInjectIntoSetCookieAreDropped() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        store.delegate().set(id, new StoredSession("{\"cookie\":{\"originalMaxAge\":60000,\"expires\":null,"
                + "\"path\":\"/; Domain=evil.example\",\"domain\":\"a.example\\r\\nX-Evil: 1\"},\"n\":1}",
                clock.instant().plusSeconds(60)));
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> s.put("n", 2));
        assertThat(ex.setCookies()).singleElement().asString()
                .contains("; Path=/; ").doesNotContain("evil").doesNotContain("Domain").doesNotContain("\n");
    }

    /** A store that hands back whatever it holds, expired or not: the engine must not trust it. */
    private final class ExpiredReturningStore implements io.sessions4j.spi.SessionStore {
        private final java.util.Map<String, StoredSession> map = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public java.util.Optional<StoredSession> get(String id) {
            return java.util.Optional.ofNullable(map.get(id));
        }

        @Override
        public void set(String id, StoredSession session) {
            map.put(id, session);
        }

        @Override
        public boolean replace(String id, String expectedJson, StoredSession session) {
            return map.replace(id, map.get(id), session);
        }

        @Override
        public boolean touch(String id, Instant expires) {
            return map.computeIfPresent(id, (k, v) -> new StoredSession(v.json(), expires)) != null;
        }

        @Override
        public void destroy(String id) {
            map.remove(id);
        }
    }
}
