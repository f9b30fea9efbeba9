package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.spi.SessionManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the engine saves, touches and sends the cookie: express-session's rules and our deliberate changes. */
class CommitDecisionsTest extends EngineTestSupport {

    @Test
    void requestWithoutCookieThatNeverUsesTheSessionCostsNothing() {
        FakeExchange ex = untouched(engine(), FakeExchange.get("/"));
        assertThat(store.calls()).isEmpty();
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void newUnmodifiedSessionIsNeitherSavedNorSentByDefault() {
        FakeExchange ex = request(engine(), FakeExchange.get("/"), s -> s.get("x"));
        assertThat(store.calls()).isEmpty();
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void saveUninitializedStoresAndSendsAnEmptyNewSession() {
        FakeExchange ex = request(engine(b -> b.saveUninitialized(true)), FakeExchange.get("/"), s -> { });
        assertThat(store.calls()).containsExactly("set");
        assertThat(ex.setCookies()).hasSize(1);
    }

    @Test
    void modifiedNewSessionIsStoredOnceAndGetsItsCookie() {
        FakeExchange ex = request(engine(), FakeExchange.get("/"), s -> s.put("views", 1));
        assertThat(store.calls()).containsExactly("set");
        assertThat(ex.setCookies()).singleElement().asString()
                .startsWith("connect.sid=s%3A")
                .endsWith("; Path=/; Expires=Wed, 25 Nov 2026 19:36:34 GMT; HttpOnly");
    }

    @Test
    void unchangedLoadedSessionIsTouchedNotSavedAndGetsNoCookie() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        clock.advance(Duration.ofSeconds(10));
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> s.get("views"));
        assertThat(store.calls()).containsExactly("get", "touch");
        assertThat(ex.setCookies()).isEmpty();
        assertThat(store.delegate().get(sessionId(first)).orElseThrow().expires())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    }

    @Test
    void touchAfterSkipsTouchesWhileTheStoredExpiryIsFreshEnough() {
        SessionManager engine = engine(b -> b.touchAfter(Duration.ofSeconds(30)));
        FakeExchange first = stored(engine);
        clock.advance(Duration.ofSeconds(10));
        request(engine, FakeExchange.following(first), s -> s.get("views"));
        assertThat(store.calls()).containsExactly("get");
        store.reset();
        clock.advance(Duration.ofSeconds(25));
        request(engine, FakeExchange.following(first), s -> s.get("views"));
        assertThat(store.calls()).containsExactly("get", "touch");
    }

    @Test
    void explicitTouchRefreshesTheStoreEvenWithinTouchAfter() {
        SessionManager engine = engine(b -> b.touchAfter(Duration.ofMinutes(5)));
        FakeExchange first = stored(engine);
        clock.advance(Duration.ofSeconds(1));
        request(engine, FakeExchange.following(first), s -> s.touch());
        assertThat(store.calls()).containsExactly("get", "touch");
    }

    @Test
    void modifiedLoadedSessionIsSavedByCompareAndSetAndItsPersistentCookieResent() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> s.put("views", 2));
        assertThat(store.calls()).containsExactly("get", "replace");
        assertThat(ex.setCookies()).hasSize(1);
    }

    @Test
    void modifiedSessionWithBrowserSessionCookieIsSavedButTheCookieNotResent() {
        SessionManager engine = engine(b -> b.cookie(c -> c.maxAge(null)));
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> s.put("views", 2));
        assertThat(store.calls()).containsExactly("get", "replace");
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void rollingSendsTheCookieOnEveryResponseOfAnExistingSession() {
        SessionManager engine = engine(b -> b.rolling(true));
        FakeExchange first = stored(engine);
        clock.advance(Duration.ofSeconds(20));
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> { });
        assertThat(ex.setCookies()).singleElement().asString().contains("Expires=Wed, 25 Nov 2026 19:36:54 GMT");
    }

    @Test
    void rollingDoesNotSendACookieForAnUninitializedNewSession() {
        FakeExchange ex = request(engine(b -> b.rolling(true)), FakeExchange.get("/"), s -> { });
        assertThat(ex.setCookies()).isEmpty();
        assertThat(store.calls()).isEmpty();
    }

    @Test
    void resaveSavesAnUnchangedLoadedSession() {
        SessionManager engine = engine(b -> b.resave(true));
        FakeExchange first = stored(engine);
        request(engine, FakeExchange.following(first), s -> { });
        assertThat(store.calls()).containsExactly("get", "replace");
    }

    @Test
    void cookieOnlyChangeIsSavedAndSentToTheBrowser() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first),
                s -> s.cookie().maxAge(Duration.ofDays(30)));
        assertThat(store.calls()).containsExactly("get", "replace");
        assertThat(ex.setCookies()).singleElement().asString().contains("Expires=Fri, 25 Dec 2026 19:35:34 GMT");
        assertThat(store.delegate().get(sessionId(first)).orElseThrow().json())
                .contains("\"originalMaxAge\":2592000000");
    }

    @Test
    void explicitSaveOfANewSessionAlsoSendsItsCookieAndStoresItOnce() {
        FakeExchange ex = request(engine(), FakeExchange.get("/"), s -> {
            s.put("a", 1);
            s.save();
        });
        assertThat(store.calls()).containsExactly("set");
        assertThat(ex.setCookies()).hasSize(1);
    }

    @Test
    void changesAfterAnExplicitSaveAreSavedAgainAtTheEnd() {
        request(engine(), FakeExchange.get("/"), s -> {
            s.put("a", 1);
            s.save();
            s.put("b", 2);
        });
        assertThat(store.calls()).containsExactly("set", "replace");
    }

    @Test
    void secureCookieOverAnInsecureRequestIsSavedButNotSent() {
        FakeExchange ex = request(engine(b -> b.cookie(c -> c.secure(true))), FakeExchange.get("/"),
                s -> s.put("a", 1));
        assertThat(store.calls()).containsExactly("set");
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void nestedChangeToAValueObtainedFromTheSessionIsSaved() {
        SessionManager engine = engine();
        FakeExchange first = request(engine, FakeExchange.get("/"),
                s -> s.put("user", java.util.Map.of("name", "ada", "visits", 1)));
        store.reset();
        request(engine, FakeExchange.following(first), s -> {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> user = (java.util.Map<String, Object>) s.get("user").orElseThrow();
            user.put("visits", 2);
        });
        assertThat(store.calls()).containsExactly("get", "replace");
        assertThat(store.delegate().get(sessionId(first)).orElseThrow().json()).contains("\"visits\":2");
    }

    @Test
    void readingAValueWithoutChangingItIsNotASave() {
        SessionManager engine = engine();
        FakeExchange first = request(engine, FakeExchange.get("/"),
                s -> s.put("user", java.util.Map.of("name", "ada", "n", 1L)));
        store.reset();
        clock.advance(Duration.ofSeconds(1));
        request(engine, FakeExchange.following(first), s -> s.get("user"));
        assertThat(store.calls()).containsExactly("get", "touch");
    }

    static String sessionId(FakeExchange response) {
        String pair = response.cookiePair();
        String signed = UriComponent.decode(pair.substring(pair.indexOf('=') + 1));
        return signed.substring(2, signed.lastIndexOf('.'));
    }
}
