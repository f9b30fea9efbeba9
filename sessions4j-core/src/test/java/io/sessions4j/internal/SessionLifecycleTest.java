package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.Session;
import io.sessions4j.SessionException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.Unset;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** regenerate, changeId, destroy, reload, save and unset. */
class SessionLifecycleTest extends EngineTestSupport {

    @Test
    void regenerateDestroysTheOldSessionAndStoresAnEmptyNewOneUnderANewId() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String oldId = CommitDecisionsTest.sessionId(first);
        FakeExchange ex = request(engine, FakeExchange.following(first), Session::regenerate);
        assertThat(store.calls()).containsExactly("get", "destroy", "set");
        String newId = CommitDecisionsTest.sessionId(ex);
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(store.delegate().get(oldId)).isEmpty();
        assertThat(store.delegate().get(newId).orElseThrow().json()).doesNotContain("views");
    }

    @Test
    void regenerateThenSaveStoresTheNewSessionOnce() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        request(engine, FakeExchange.following(first), s -> {
            s.regenerate();
            s.put("user", "ada");
            s.save();
        });
        assertThat(store.calls()).containsExactly("get", "destroy", "set");
    }

    @Test
    void regenerateThatCannotDestroyTheOldSessionFailsAndKeepsTheSession() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        store.failNext("destroy", 1);
        try (RequestScope scope = engine.open(FakeExchange.following(first))) {
            Session s = scope.session();
            String before = s.id();
            assertThatThrownBy(s::regenerate).isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("CountingStore destroy");
            assertThat(s.id()).isEqualTo(before);
            assertThat(s.get("views", Integer.class)).contains(1);
        }
    }

    @Test
    void aFailedDestroyReachesTheCallerAndTheSessionIsNeitherSavedNorTouchedAfterIt() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        Instant expiryBefore = store.delegate().get(id).orElseThrow().expires();
        clock.advance(Duration.ofSeconds(30));
        store.failNext("destroy", 1);
        FakeExchange ex = FakeExchange.following(first);
        try (RequestScope scope = engine.open(ex)) {
            Session s = scope.session();
            s.put("cart", "book");
            assertThatThrownBy(s::destroy).isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("CountingStore destroy");
            assertThatThrownBy(s::save).isInstanceOf(SessionException.class).hasMessageContaining("destroy");
            scope.commit();
        }
        assertThat(store.calls()).containsExactly("get", "destroy");
        assertThat(ex.setCookies()).isEmpty();
        StoredSession after = store.delegate().get(id).orElseThrow();
        assertThat(after.expires()).as("not extended").isEqualTo(expiryBefore);
        assertThat(after.json()).doesNotContain("cart");
    }

    @Test
    void aRegenerateWhoseDestroyFailedSavesNothingUnderTheOldIdEither() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        store.failNext("destroy", 1);
        try (RequestScope scope = engine.open(FakeExchange.following(first))) {
            Session s = scope.session();
            assertThatThrownBy(s::regenerate).isInstanceOf(SessionStoreException.class);
            s.put("user", "ada");
            scope.commit();
        }
        assertThat(store.calls()).containsExactly("get", "destroy");
        assertThat(store.delegate().get(id).orElseThrow().json()).as("no login under the old id")
                .doesNotContain("ada");
    }

    @Test
    void changeIdKeepsTheDataUnderANewId() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), Session::changeId);
        String newId = CommitDecisionsTest.sessionId(ex);
        assertThat(newId).isNotEqualTo(CommitDecisionsTest.sessionId(first));
        assertThat(store.delegate().get(newId).orElseThrow().json()).contains("\"views\":1");
        assertThat(store.delegate().get(CommitDecisionsTest.sessionId(first))).isEmpty();
    }

    @Test
    void destroyCallsTheStoreOnceAndExpiresTheBrowserCookie() {
        SessionManager engine = engine(b -> b.unset(Unset.DESTROY));
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), Session::destroy);
        assertThat(store.calls()).containsExactly("get", "destroy");
        assertThat(ex.setCookies()).containsExactly(
                "connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly");
    }

    @Test
    void destroyedSessionRefusesFurtherUseAndTheRequestCanStartANewOne() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = FakeExchange.following(first);
        try (RequestScope scope = engine.open(ex)) {
            Session old = scope.session();
            old.destroy();
            assertThatThrownBy(() -> old.get("views")).isInstanceOf(IllegalStateException.class);
            Session fresh = scope.session();
            assertThat(fresh.isNew()).isTrue();
            fresh.put("guest", true);
            scope.commit();
        }
        assertThat(ex.setCookies()).singleElement().asString().doesNotContain("1970");
    }

    @Test
    void destroyOfANewSessionMakesNoStoreCall() {
        FakeExchange ex = request(engine(), FakeExchange.get("/"), s -> {
            s.put("a", 1);
            s.destroy();
        });
        assertThat(store.calls()).isEmpty();
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void reloadDiscardsUnsavedChangesAndSeesOtherRequestsSaves() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        try (RequestScope a = engine.open(FakeExchange.following(first))) {
            Session s = a.session();
            s.put("mine", "unsaved");
            request(engine, FakeExchange.following(first), other -> other.put("views", 5));
            s.reload();
            assertThat(s.get("views", Integer.class)).contains(5);
            assertThat(s.keys()).doesNotContain("mine");
            a.commit();
        }
    }

    @Test
    void reloadOfASessionDestroyedMeanwhileFails() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        try (RequestScope a = engine.open(FakeExchange.following(first))) {
            Session s = a.session();
            store.delegate().destroy(s.id());
            assertThatThrownBy(s::reload).isInstanceOf(SessionException.class)
                    .hasMessageContaining("failed to load session");
        }
    }

    @Test
    void unsetKeepLeavesTheStoredSessionAndDropsThisRequestsChanges() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        try (RequestScope scope = engine.open(FakeExchange.following(first))) {
            scope.session().put("views", 99);
            scope.unset();
            scope.commit();
        }
        assertThat(store.calls()).containsExactly("get");
        assertThat(store.delegate().get(CommitDecisionsTest.sessionId(first)).orElseThrow().json())
                .contains("\"views\":1");
    }

    @Test
    void unsetDestroyDestroysAStoredSession() {
        SessionManager engine = engine(b -> b.unset(Unset.DESTROY));
        FakeExchange first = stored(engine);
        try (RequestScope scope = engine.open(FakeExchange.following(first))) {
            scope.unset();
            scope.commit();
        }
        assertThat(store.calls()).containsExactly("get", "destroy");
    }

    @Test
    void unsetDestroyOfANeverStoredSessionMakesNoStoreCall() {
        FakeExchange ex = FakeExchange.get("/");
        try (RequestScope scope = engine(b -> b.unset(Unset.DESTROY)).open(ex)) {
            scope.session().put("a", 1);
            scope.unset();
            scope.commit();
        }
        assertThat(store.calls()).isEmpty();
        assertThat(ex.setCookies()).isEmpty();
    }

    @Test
    void changingTheSessionAfterTheRequestEndedIsRefused() {
        AtomicReference<Session> held = new AtomicReference<>();
        request(engine(), FakeExchange.get("/"), s -> {
            s.put("views", 1);
            held.set(s);
        });
        assertThatThrownBy(() -> held.get().put("late", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("request has ended");
        assertThatThrownBy(() -> held.get().cookie().maxAge(Duration.ofDays(1)))
                .isInstanceOf(IllegalStateException.class);
        held.get().put("views", 1);
    }

    @Test
    void commitRunsOnce() {
        SessionManager engine = engine();
        FakeExchange ex = FakeExchange.get("/");
        try (RequestScope scope = engine.open(ex)) {
            scope.session().put("a", 1);
            scope.commit();
            scope.commit();
        }
        assertThat(store.calls()).containsExactly("set");
        assertThat(ex.setCookies()).hasSize(1);
    }

    @Test
    void maxAgeOfZeroSetByTheApplicationEndsTheSession() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> s.cookie().maxAge(Duration.ZERO));
        assertThat(store.calls()).containsExactly("get", "destroy");
        assertThat(ex.setCookies()).singleElement().asString().contains("Expires=Wed, 25 Nov 2026 19:35:34 GMT");
    }
}
