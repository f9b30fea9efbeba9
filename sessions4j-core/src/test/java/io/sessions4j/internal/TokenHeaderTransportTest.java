package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.IdTransport;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The session id in a signed token header (IdTransport), alone and with the cookie, over the memory store. */
class TokenHeaderTransportTest extends EngineTestSupport {
    private static final String HEADER = "X-Session-Token";
    private static final String OLD_SECRET = "the secret before the rotation, 32+ bytes";
    private final RecordingObserver observer = new RecordingObserver();

    private SessionManager headerEngine() {
        return engine(b -> b.idTransport(IdTransport.header()).observer(observer));
    }

    private static String token(String secret, String id) {
        return UriComponent.encode("s:" + new CookieSigner(List.of(secret.getBytes(StandardCharsets.UTF_8))).sign(id));
    }

    private static String tokenOf(FakeExchange response) {
        List<String> tokens = response.responseHeaders(HEADER);
        assertThat(tokens).hasSize(1);
        return tokens.get(0);
    }

    private static String idOf(String token) {
        String signed = UriComponent.decode(token);
        return signed.substring(2, signed.lastIndexOf('.'));
    }

    private static FakeExchange withToken(String token) {
        return FakeExchange.get("/").header(HEADER, token);
    }

    /** A first request that stores {@code views=1} and returns the token it was given. */
    private String storedToken(SessionManager engine) {
        String token = tokenOf(request(engine, FakeExchange.get("/"), s -> s.put("views", 1)));
        store.reset();
        observer.clear();
        return token;
    }

    @Nested
    class HeaderOnly {
        @Test
        void aNewStoredSessionGetsItsSignedTokenAndNoCookie() {
            FakeExchange ex = request(headerEngine(), FakeExchange.get("/"), s -> s.put("views", 1));
            String token = tokenOf(ex);
            assertThat(token).isEqualTo(token(SECRET, idOf(token))).startsWith("s%3A");
            assertThat(store.get(idOf(token))).isPresent();
            assertThat(ex.setCookies()).isEmpty();
            assertThat(ex.responseHeaders("Cache-Control")).containsExactly("no-store");
        }

        @Test
        void aNewSessionNothingWasPutInGetsNoToken() {
            FakeExchange ex = untouched(headerEngine(), FakeExchange.get("/"));
            assertThat(ex.responseHeaders(HEADER)).isEmpty();
            assertThat(ex.responseHeaders("Cache-Control")).isEmpty();
        }

        @Test
        void theTokenBringsTheSessionBackWithoutBeingEchoed() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            FakeExchange ex = request(engine, withToken(token), s -> s.put("views", (int) s.get("views").orElseThrow() + 1));
            assertThat(store.get(idOf(token)).orElseThrow().json()).contains("\"views\":2");
            assertThat(ex.responseHeaders(HEADER)).isEmpty();
            assertThat(ex.responseHeaders("Cache-Control")).isEmpty();
            assertThat(ex.setCookies()).isEmpty();
        }

        @Test
        void rollingRefreshesNoTokenOfAnUnchangedId() {
            SessionManager engine = engine(b -> b.idTransport(IdTransport.header()).rolling(true));
            String token = storedToken(engine);
            clock.advance(Duration.ofSeconds(10));
            FakeExchange ex = request(engine, withToken(token), s -> s.get("views"));
            assertThat(ex.responseHeaders(HEADER)).isEmpty();
            assertThat(ex.setCookies()).isEmpty();
        }

        @Test
        void anUnencodedTokenIsReadToo() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            request(engine, withToken(UriComponent.decode(token)), s -> assertThat(s.isNew()).isFalse());
        }

        @Test
        void regenerateSendsANewTokenAndTheOldOneNamesNoSession() {
            SessionManager engine = headerEngine();
            String old = storedToken(engine);
            FakeExchange ex = request(engine, withToken(old), s -> {
                s.regenerate();
                s.put("user", "alice");
            });
            String fresh = tokenOf(ex);
            assertThat(idOf(fresh)).isNotEqualTo(idOf(old));
            assertThat(store.get(idOf(old))).isEmpty();
            request(engine, withToken(fresh), s -> assertThat(s.get("user")).contains("alice"));
        }

        @Test
        void changeIdSendsANewTokenForTheSameData() {
            SessionManager engine = headerEngine();
            String old = storedToken(engine);
            String fresh = tokenOf(request(engine, withToken(old), s -> s.changeId()));
            assertThat(idOf(fresh)).isNotEqualTo(idOf(old));
            request(engine, withToken(fresh), s -> assertThat(s.get("views")).contains(1));
        }

        @Test
        void destroyAnswersWithAnEmptyTokenAndTheOldTokenThenStartsAFreshSession() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            FakeExchange ex = request(engine, withToken(token), s -> s.destroy());
            assertThat(ex.responseHeaders(HEADER)).containsExactly("");
            assertThat(ex.responseHeaders("Cache-Control")).containsExactly("no-store");
            assertThat(store.get(idOf(token))).isEmpty();
            request(engine, withToken(token), s -> assertThat(s.isNew()).isTrue());
        }

        @Test
        void regenerateWithNothingStoredAfterwardsClearsTheToken() {
            SessionManager engine = engine(b -> b.idTransport(IdTransport.header()));
            String token = storedToken(engine);
            FakeExchange ex = new FakeExchange("/").header(HEADER, token);
            try (RequestScope scope = engine.open(ex)) {
                scope.session().destroy();
                scope.session();  // a new, empty session that is never stored
                scope.finish();
            }
            assertThat(ex.responseHeaders(HEADER)).containsExactly("");
        }

        @Test
        void aTamperedTokenIsCountedAndStartsAFreshSession() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            String signed = UriComponent.decode(token);
            String tampered = signed.substring(0, signed.lastIndexOf('.') + 1) + "A".repeat(43);
            FakeExchange ex = request(engine, withToken(tampered), s -> {
                assertThat(s.isNew()).isTrue();
                s.put("views", 1);
            });
            assertThat(observer.events()).contains("rejected TAMPERED");
            assertThat(idOf(tokenOf(ex))).isNotEqualTo(idOf(token));
        }

        @Test
        void unsignedAndMalformedTokensAreCountedAsSuch() {
            SessionManager engine = headerEngine();
            untouched(engine, withToken("just-an-id"));
            untouched(engine, withToken("s:no-dot"));
            assertThat(observer.events()).containsExactly("rejected UNSIGNED", "rejected MALFORMED");
        }

        @Test
        void aValidlySignedUnknownIdIsNeverAdopted() {
            SessionManager engine = headerEngine();
            FakeExchange ex = request(engine, withToken(token(SECRET, "chosen-by-the-attacker")), s -> s.put("a", 1));
            assertThat(idOf(tokenOf(ex))).isNotEqualTo("chosen-by-the-attacker");
            assertThat(store.get("chosen-by-the-attacker")).isEmpty();
            assertThat(observer.events()).contains("loaded MISS");
        }

        @Test
        void aTokenSignedWithAnOlderSecretIsAcceptedAndReSignedWithTheCurrentOne() {
            SessionManager before = engine(b -> b.secrets(OLD_SECRET).idTransport(IdTransport.header()));
            String oldToken = storedToken(before);
            SessionManager after = engine(b -> b.secrets(SECRET, OLD_SECRET).idTransport(IdTransport.header()));
            FakeExchange ex = request(after, withToken(oldToken), s -> assertThat(s.get("views")).contains(1));
            assertThat(tokenOf(ex)).isEqualTo(token(SECRET, idOf(oldToken)));
            FakeExchange next = request(after, withToken(tokenOf(ex)), s -> assertThat(s.get("views")).contains(1));
            assertThat(next.responseHeaders(HEADER)).isEmpty();
        }

        @Test
        void theCookieIsNotRead() {
            SessionManager cookieEngine = engine();
            FakeExchange withCookie = stored(cookieEngine);
            request(headerEngine(), FakeExchange.following(withCookie), s -> assertThat(s.isNew()).isTrue());
        }

        @Test
        void theRequestedIdIsNotFromTheCookie() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            try (RequestScope scope = engine.open(withToken(token))) {
                assertThat(scope.requestedSessionId()).contains(idOf(token));
                assertThat(scope.requestedSessionIdFromCookie()).isFalse();
                assertThat(scope.requestedSessionIdValid()).isTrue();
            }
        }
    }

    @Nested
    class BadInput {
        @Test
        void aTokenOverTheLengthLimitIsMalformedWithoutAStoreRead() {
            SessionManager engine = headerEngine();
            FakeExchange ex = request(engine, withToken("s:" + "a".repeat(TokenHeader.MAX_LENGTH)), s -> s.put("a", 1));
            assertThat(observer.events()).startsWith("rejected MALFORMED").doesNotContain("store get ok");
            assertThat(tokenOf(ex)).isNotEmpty();
        }

        @Test
        void twoDifferentTokensNameNoSessionEvenIfOneIsValid() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            FakeExchange ex = FakeExchange.get("/").header(HEADER, token).header(HEADER, token(SECRET, "other"));
            request(engine, ex, s -> assertThat(s.isNew()).isTrue());
            assertThat(observer.events()).startsWith("rejected MALFORMED");
        }

        @Test
        void tokensFoldedIntoOneHeaderWithACommaNameNoSession() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            request(engine, withToken(token + ", " + token(SECRET, "other")), s -> assertThat(s.isNew()).isTrue());
            assertThat(observer.events()).startsWith("rejected MALFORMED");
        }

        @Test
        void theSameTokenRepeatedStillNamesItsSession() {
            SessionManager engine = headerEngine();
            String token = storedToken(engine);
            FakeExchange ex = FakeExchange.get("/").header(HEADER, token).header(HEADER, " " + token + " ");
            request(engine, ex, s -> assertThat(s.get("views")).contains(1));
        }

        @Test
        void anEmptyTokenIsNoTokenAndIsNotCounted() {
            SessionManager engine = headerEngine();
            request(engine, withToken(""), s -> assertThat(s.isNew()).isTrue());
            request(engine, withToken("  ,  "), s -> assertThat(s.isNew()).isTrue());
            assertThat(observer.events()).noneMatch(e -> e.startsWith("rejected"));
        }

        @Test
        void garbageStartsAFreshSession() {
            SessionManager engine = headerEngine();
            for (String garbage : List.of("%", "s%3A%", "s:\u0000.\u0001", "s:\ud800." + "A".repeat(43), "s:.",
                    "s:id." + "=".repeat(43), "\"s:quoted\"", "s%3Aab%E2%82.sig", "s:" + ".".repeat(100))) {
                FakeExchange ex = request(engine, withToken(garbage), s -> {
                    assertThat(s.isNew()).isTrue();
                    s.put("a", 1);
                });
                assertThat(tokenOf(ex)).startsWith("s%3A");
            }
            assertThat(observer.events()).filteredOn(e -> e.startsWith("rejected")).hasSize(9);
        }
    }

    @Nested
    class BothTransports {
        private SessionManager headerFirst() {
            return engine(b -> b.idTransport(IdTransport.headerThenCookie(HEADER)).observer(observer));
        }

        private SessionManager cookieFirst() {
            return engine(b -> b.idTransport(IdTransport.cookieThenHeader(HEADER)).observer(observer));
        }

        @Test
        void aNewSessionGoesOutOnBoth() {
            FakeExchange ex = request(headerFirst(), FakeExchange.get("/"), s -> s.put("views", 1));
            String token = tokenOf(ex);
            assertThat(CommitDecisionsTest.sessionId(ex)).isEqualTo(idOf(token));
            assertThat(ex.cookiePair()).isEqualTo("connect.sid=" + token);
        }

        @Test
        void headerFirstReadsTheHeaderOverTheCookie() {
            SessionManager engine = headerFirst();
            FakeExchange a = request(engine, FakeExchange.get("/"), s -> s.put("who", "a"));
            FakeExchange b = request(engine, FakeExchange.get("/"), s -> s.put("who", "b"));
            FakeExchange both = FakeExchange.get("/").header(HEADER, tokenOf(a)).cookie(b.cookiePair());
            request(engine, both, s -> assertThat(s.get("who")).contains("a"));
        }

        @Test
        void cookieFirstReadsTheCookieOverTheHeader() {
            SessionManager engine = cookieFirst();
            FakeExchange a = request(engine, FakeExchange.get("/"), s -> s.put("who", "a"));
            FakeExchange b = request(engine, FakeExchange.get("/"), s -> s.put("who", "b"));
            FakeExchange both = FakeExchange.get("/").header(HEADER, tokenOf(a)).cookie(b.cookiePair());
            request(engine, both, s -> assertThat(s.get("who")).contains("b"));
        }

        @Test
        void eachOrderFallsBackToTheOtherWhenTheFirstIsAbsent() {
            for (SessionManager engine : List.of(headerFirst(), cookieFirst())) {
                FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
                request(engine, withToken(tokenOf(first)), s -> assertThat(s.get("views")).contains(1));
                request(engine, FakeExchange.following(first), s -> assertThat(s.get("views")).contains(1));
            }
        }

        @Test
        void theFirstTransportPresentDecidesEvenWhenItsValueIsBad() {
            SessionManager engine = headerFirst();
            FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
            FakeExchange ex = FakeExchange.get("/").header(HEADER, "garbage").cookie(first.cookiePair());
            request(engine, ex, s -> assertThat(s.isNew()).isTrue());
        }

        @Test
        void aSessionFoundByHeaderGetsNoCookieRefreshAndOneFoundByCookieNoToken() {
            SessionManager engine = engine(b -> b.idTransport(IdTransport.headerThenCookie(HEADER)).rolling(true));
            FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
            FakeExchange byHeader = request(engine, withToken(tokenOf(first)), s -> s.put("views", 2));
            assertThat(byHeader.setCookies()).isEmpty();
            assertThat(byHeader.responseHeaders(HEADER)).isEmpty();
            FakeExchange byCookie = request(engine, FakeExchange.following(first), s -> s.put("views", 3));
            assertThat(byCookie.setCookies()).hasSize(1);
            assertThat(byCookie.responseHeaders(HEADER)).isEmpty();
        }

        @Test
        void aNewIdForAHeaderClientGoesOutOnBoth() {
            SessionManager engine = headerFirst();
            FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
            FakeExchange ex = request(engine, withToken(tokenOf(first)), s -> s.regenerate());
            assertThat(idOf(tokenOf(ex))).isEqualTo(CommitDecisionsTest.sessionId(ex)).isNotEqualTo(idOf(tokenOf(first)));
        }

        @Test
        void destroyTellsTheClientOnTheTransportItsIdCameBy() {
            SessionManager engine = headerFirst();
            FakeExchange a = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
            FakeExchange byHeader = request(engine, withToken(tokenOf(a)), s -> s.destroy());
            assertThat(byHeader.responseHeaders(HEADER)).containsExactly("");
            assertThat(byHeader.setCookies()).isEmpty();

            FakeExchange b = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
            FakeExchange byCookie = request(engine, FakeExchange.following(b), s -> s.destroy());
            assertThat(byCookie.responseHeaders(HEADER)).isEmpty();
            assertThat(byCookie.setCookies()).singleElement().asString().startsWith("connect.sid=;");
        }

        @Test
        void theRequestedIdKnowsItsTransport() {
            SessionManager engine = headerFirst();
            FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
            try (RequestScope scope = engine.open(FakeExchange.following(first))) {
                assertThat(scope.requestedSessionIdFromCookie()).isTrue();
            }
            try (RequestScope scope = engine.open(withToken(tokenOf(first)))) {
                assertThat(scope.requestedSessionIdFromCookie()).isFalse();
            }
        }
    }

    @Nested
    class CookieDefault {
        @Test
        void theDefaultNeitherReadsNorSendsAToken() {
            SessionManager engine = engine(b -> b.observer(observer));
            FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
            assertThat(first.responseHeaders(HEADER)).isEmpty();
            assertThat(first.responseHeaders("Cache-Control")).isEmpty();
            String signed = UriComponent.encode("s:" + new CookieSigner(List.of(SECRET.getBytes(StandardCharsets.UTF_8)))
                    .sign(CommitDecisionsTest.sessionId(first)));
            request(engine, withToken(signed), s -> assertThat(s.isNew()).isTrue());
        }
    }
}
