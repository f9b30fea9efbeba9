package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.Secure;
import io.sessions4j.Session;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the application may still do to its session once the response is committed (a framework that
 * changes it after {@code sendRedirect}): nothing that changes nothing fails, a session the client has is
 * saved again at the end of the request, and what needs a new cookie fails loudly.
 */
class ChangesAfterCommitTest extends EngineTestSupport {

    /** One request: {@code before} runs before the commit, {@code after} between the commit and the finish. */
    private static FakeExchange request(SessionManager engine, FakeExchange exchange, Consumer<Session> before,
            Consumer<RequestScope> after) {
        try (RequestScope scope = engine.open(exchange)) {
            before.accept(scope.session());
            scope.commit();
            after.accept(scope);
            scope.finish();
        }
        return exchange;
    }

    private static Session session(RequestScope scope) {
        return scope.existingSession().orElseThrow();
    }

    @Test
    void removingAnAbsentKeyOrPuttingAnEqualValueIsNoChange() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> { }, scope -> {
            session(scope).remove("SPRING_SECURITY_LAST_EXCEPTION");
            session(scope).put("views", 1);
            session(scope).put("views", 1L);
            session(scope).cookie().httpOnly(true);
        });
        assertThat(store.calls()).containsExactly("get");
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void realChangeToALoadedSessionIsSavedAtTheFinishWithoutAHeader() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> { }, scope -> {
            session(scope).remove("views");
            session(scope).put("user", "ada");
        });
        assertThat(store.calls()).containsExactly("get", "replace");
        assertThat(ex.setCookies()).isEmpty();
        String json = store.delegate().get(CommitDecisionsTest.sessionId(first)).orElseThrow().json();
        assertThat(json).contains("\"user\":\"ada\"").doesNotContain("views");
    }

    @Test
    void realChangeToANewSessionWhoseCookieTheCommitSentIsSaved() {
        FakeExchange ex = request(engine(), FakeExchange.get("/"), s -> s.put("views", 1),
                scope -> session(scope).put("views", 2));
        assertThat(store.calls()).containsExactly("set", "replace");
        assertThat(ex.setCookies()).hasSize(1);
        assertThat(store.delegate().get(CommitDecisionsTest.sessionId(ex)).orElseThrow().json())
                .contains("\"views\":2");
    }

    @Test
    void inPlaceChangeOfAValueAfterTheCommitIsSaved() {
        SessionManager engine = engine();
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("cart", Map.of("apples", 1)),
                scope -> { });
        store.reset();
        request(engine, FakeExchange.following(first), s -> { }, scope -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> cart = session(scope).get("cart", Map.class).orElseThrow();
            cart.put("pears", 2);
        });
        assertThat(store.calls()).containsExactly("get", "replace");
        assertThat(store.delegate().get(CommitDecisionsTest.sessionId(first)).orElseThrow().json())
                .contains("\"pears\":2");
    }

    @Test
    void explicitSaveAndTouchOfASessionTheClientHasWork() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        request(engine, FakeExchange.following(first), s -> { }, scope -> {
            session(scope).put("user", "ada");
            session(scope).save();
            session(scope).touch();
        });
        assertThat(store.calls()).containsExactly("get", "replace", "touch");
    }

    @Test
    void nothingChangedAfterTheCommitMeansNoSecondWrite() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        request(engine, FakeExchange.following(first), s -> s.put("views", 2), scope -> session(scope).get("views"));
        assertThat(store.calls()).containsExactly("get", "replace");
    }

    @Test
    void aNewSessionAfterTheCommitIsRefused() {
        FakeExchange ex = FakeExchange.get("/");
        try (RequestScope scope = engine().open(ex)) {
            scope.commit();
            assertThatThrownBy(scope::session).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a new session needs a Set-Cookie header")
                    .hasMessageContaining("already committed");
            scope.finish();
        }
        assertThat(store.calls()).isEmpty();
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void regenerateChangeIdAndCookieChangesAfterTheCommitAreRefusedAndChangeNothing() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        request(engine, FakeExchange.following(first), s -> { }, scope -> {
            Session s = session(scope);
            assertThatThrownBy(s::regenerate).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("regenerate() needs a Set-Cookie header");
            assertThatThrownBy(s::changeId).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("changeId() needs a Set-Cookie header");
            assertThatThrownBy(() -> s.cookie().maxAge(Duration.ofDays(30))).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("a change of the session cookie needs a Set-Cookie header");
            assertThat(s.id()).isEqualTo(id);
            assertThat(s.cookie().originalMaxAge()).contains(Duration.ofMinutes(1));
        });
        assertThat(store.calls()).containsExactly("get");
    }

    @Test
    void destroyAfterTheCommitStillDeletesTheSessionFromTheStore() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> { },
                scope -> session(scope).destroy());
        assertThat(store.calls()).containsExactly("get", "destroy");
        assertThat(store.delegate().get(CommitDecisionsTest.sessionId(first))).isEmpty();
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void changeToANewSessionWhoseCookieWasNeverSentIsRefused() {
        // A Secure cookie is not sent over plain HTTP: the session is stored, but the client never gets its id.
        SessionManager engine = engine(b -> b.cookie(c -> c.secure(Secure.ALWAYS)));
        FakeExchange ex = request(engine, FakeExchange.get("/"), s -> s.put("views", 1), scope -> {
            Session s = session(scope);
            s.put("views", 1);
            s.remove("absent");
            assertThatThrownBy(() -> s.put("views", 2)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the client has no cookie for this session");
        });
        assertThat(ex.setCookies()).isEmpty();
        assertThat(store.calls()).containsExactly("set");
    }

    @Test
    void lateChangeToASessionAnotherRequestDestroyedDoesNotBringItBack() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        request(engine, FakeExchange.following(first), s -> { }, scope -> {
            store.delegate().destroy(id);
            session(scope).put("user", "ada");
        });
        assertThat(store.delegate().get(id)).isEmpty();
    }

    @Test
    void finishWithoutAnEarlierCommitCommits() {
        FakeExchange ex = FakeExchange.get("/");
        try (RequestScope scope = engine().open(ex)) {
            scope.session().put("views", 1);
            scope.finish();
            scope.finish();
        }
        assertThat(store.calls()).containsExactly("set");
        assertThat(ex.setCookies()).hasSize(1);
    }
}
