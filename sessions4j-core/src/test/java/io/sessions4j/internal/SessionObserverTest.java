package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.ConcurrencyMode;
import io.sessions4j.SessionLockTimeoutException;
import io.sessions4j.SessionStoreException;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.SessionObserver;
import io.sessions4j.spi.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine tells its observers, request by request, over the memory store. */
class SessionObserverTest extends EngineTestSupport {
    private final RecordingObserver observer = new RecordingObserver();

    private SessionManager observed() {
        return engine(b -> b.observer(observer));
    }

    private static String signedCookie(String id) {
        CookieSigner signer = new CookieSigner(List.of(SECRET.getBytes(StandardCharsets.UTF_8)));
        return "connect.sid=" + UriComponent.encode("s:" + signer.sign(id));
    }

    @Test
    void withoutObserversTheEngineReportsToNone() {
        assertThat(engine().observer()).isSameAs(SessionObserver.none());
    }

    @Test
    void aNewSessionIsTimedAtTheStoreCreatedAndSavedWithItsSizeInUtf8Bytes() {
        SessionManager engine = observed();
        FakeExchange ex = request(engine, FakeExchange.get("/"), s -> s.put("name", "Zoë ☕"));
        assertThat(observer.events()).containsExactly("store set ok", "saved", "created");
        String json = store.get(CommitDecisionsTest.sessionId(ex)).orElseThrow().json();
        assertThat(observer.savedBytes).containsExactly(json.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aLoadedSessionIsAHitAndItsTouchIsCounted() {
        SessionManager engine = observed();
        FakeExchange first = stored(engine);
        observer.clear();
        clock.advance(Duration.ofSeconds(5));
        request(engine, FakeExchange.following(first), s -> s.get("views"));
        assertThat(observer.events()).containsExactly("store get ok", "loaded HIT", "store touch ok", "touched");
    }

    @Test
    void aTouchThatIsNotDueUnderTouchAfterIsCountedAsSkipped() {
        SessionManager engine = engine(b -> b.observer(observer).touchAfter(Duration.ofMinutes(1)));
        FakeExchange first = stored(engine);
        observer.clear();
        clock.advance(Duration.ofSeconds(5));
        request(engine, FakeExchange.following(first), s -> s.get("views"));
        assertThat(observer.events()).containsExactly("store get ok", "loaded HIT", "touch skipped");
    }

    @Test
    void aValidlySignedUnknownIdIsAMiss() {
        SessionManager engine = observed();
        untouched(engine, FakeExchange.get("/").cookie(signedCookie("no-such-session")));
        assertThat(observer.events()).containsExactly("store get ok", "loaded MISS");
    }

    @Test
    void anUnreadableRecordIsCountedAsUnreadable() {
        SessionManager engine = observed();
        store.set("corrupt", new StoredSession("{not json", clock.instant().plusSeconds(60)));
        untouched(engine, FakeExchange.get("/").cookie(signedCookie("corrupt")));
        assertThat(observer.events()).containsExactly("store get ok", "store destroy ok", "loaded UNREADABLE");
    }

    @Test
    void refusedCookiesAreCountedByReasonWithoutAStoreCall() {
        SessionManager engine = observed();
        FakeExchange first = stored(engine);
        observer.clear();
        // A well-formed signature of the right length that is not the id's (cutting the real one could cut a
        // percent-escape in half and make the value unreadable rather than tampered).
        String tampered = "connect.sid=s%3A" + CommitDecisionsTest.sessionId(first) + "." + "A".repeat(43);
        untouched(engine, FakeExchange.get("/").cookie(tampered));
        untouched(engine, FakeExchange.get("/").cookie("connect.sid=" + CommitDecisionsTest.sessionId(first)));
        untouched(engine, FakeExchange.get("/").cookie("connect.sid=s%3Anodot"));
        untouched(engine, FakeExchange.get("/").cookie("connect.sid=s%3Aid.short"));
        assertThat(observer.events()).containsExactly("rejected TAMPERED", "rejected UNSIGNED", "rejected MALFORMED",
                "rejected MALFORMED");
    }

    @Test
    void aConcurrentSaveIsAConflictAndItsMergedWriteARetry() {
        SessionManager engine = observed();
        FakeExchange first = stored(engine);
        try (RequestScope a = engine.open(FakeExchange.following(first));
                RequestScope b = engine.open(FakeExchange.following(first))) {
            a.session().put("a", 1);
            b.session().put("b", 2);
            a.commit();
            observer.clear();
            b.commit();
        }
        assertThat(observer.events()).containsExactly("store replace ok", "merge conflict", "store get ok",
                "merge retry", "store replace ok", "saved");
    }

    @Test
    void lockModeReportsTheWaitAndTheTimeOut() {
        SessionManager engine = engine(b -> b.observer(observer).concurrency(ConcurrencyMode.LOCK)
                .lockTimeout(Duration.ofMillis(50)));
        FakeExchange first = stored(engine);
        observer.clear();
        try (RequestScope holding = engine.open(FakeExchange.following(first))) {
            assertThatThrownBy(() -> engine.open(FakeExchange.following(first)))
                    .isInstanceOf(SessionLockTimeoutException.class);
            holding.finish();
        }
        assertThat(observer.events()).startsWith("lock waited", "store get ok", "loaded HIT", "lock timed out");
    }

    @Test
    void aFailingStoreCallIsTimedAsAFailure() {
        SessionManager engine = observed();
        FakeExchange first = stored(engine);
        observer.clear();
        store.failNext("get", 1);
        assertThatThrownBy(() -> untouched(engine, FakeExchange.following(first)))
                .isInstanceOf(SessionStoreException.class);
        assertThat(observer.events()).containsExactly("store get failed");
    }

    @Test
    void everyRegisteredObserverIsToldInOrder() {
        RecordingObserver second = new RecordingObserver();
        SessionManager engine = engine(b -> b.observer(observer).observer(second));
        request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        assertThat(second.events()).isEqualTo(observer.events()).contains("created");
    }
}
