package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.MemoryStore;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionEvent;
import io.sessions4j.SessionListener;
import io.sessions4j.Unset;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.ExpiryListener;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import io.sessions4j.testing.ForwardingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The lifecycle events the engine and the memory store report to {@link SessionListener}s. */
class LifecycleEventsTest extends EngineTestSupport {
    private final Recorder recorder = new Recorder();

    /** Records each event as "type id [previous id] [keys]", with ids shortened to their first 6 characters. */
    static final class Recorder implements SessionListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final BlockingQueue<SessionEvent> expired = new LinkedBlockingQueue<>();

        @Override
        public void created(SessionEvent event) {
            events.add("created " + shortId(event.id()) + " " + event.session().orElseThrow().keys());
        }

        @Override
        public void destroyed(SessionEvent event) {
            events.add("destroyed " + shortId(event.id()) + " " + event.session().orElseThrow().keys());
        }

        @Override
        public void expired(SessionEvent event) {
            events.add("expired " + shortId(event.id()));
            expired.add(event);
        }

        @Override
        public void idChanged(SessionEvent event) {
            events.add("idChanged " + shortId(event.previousId().orElseThrow()) + " -> " + shortId(event.id()));
        }
    }

    static String shortId(String id) {
        return id.substring(0, 6);
    }

    private SessionManager recorded() {
        return engine(b -> b.listener(recorder));
    }

    @Test
    void createdOnceWhenANewSessionIsFirstStoredAndNeverForOneThatIsNot() {
        SessionManager engine = recorded();
        untouched(engine, FakeExchange.get("/"));
        request(engine, FakeExchange.get("/"), s -> { });
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        request(engine, FakeExchange.following(first), s -> s.put("views", 2));
        assertThat(recorder.events).containsExactly("created " + shortId(CommitDecisionsTest.sessionId(first))
                + " [views]");
    }

    @Test
    void createdAtAnExplicitSaveTooAndTheListenerMayChangeTheSession() {
        SessionManager engine = engine(b -> b.listener(new SessionListener() {
            @Override
            public void created(SessionEvent event) {
                event.session().orElseThrow().put("welcomed", true);
            }
        }));
        FakeExchange ex = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        try (RequestScope scope = engine.open(FakeExchange.get("/"))) {
            scope.session().put("a", 1).save();
            scope.finish();
        }
        assertThat(store.delegate().get(CommitDecisionsTest.sessionId(ex)).orElseThrow().json())
                .contains("\"welcomed\":true");
    }

    @Test
    void destroyedWithAReadOnlyCopyOfWhatTheSessionHeld() {
        List<SessionEvent> seen = new CopyOnWriteArrayList<>();
        SessionManager engine = engine(b -> b.listener(new SessionListener() {
            @Override
            public void destroyed(SessionEvent event) {
                seen.add(event);
            }
        }));
        FakeExchange first = stored(engine);
        request(engine, FakeExchange.following(first), Session::destroy);
        SessionEvent event = seen.get(0);
        assertThat(event.type()).isEqualTo(SessionEvent.Type.DESTROYED);
        assertThat(event.id()).isEqualTo(CommitDecisionsTest.sessionId(first));
        Session ended = event.session().orElseThrow();
        assertThat(ended.get("views", Integer.class)).contains(1);
        assertThatThrownBy(() -> ended.put("views", 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has ended");
        assertThatThrownBy(() -> ended.cookie().httpOnly(false)).isInstanceOf(IllegalStateException.class);
        assertThat(event.toString()).doesNotContain(event.id()).contains(LogIds.hash(event.id()));
    }

    @Test
    void regenerateEndsTheOldSessionAndCreatesTheNewOne() {
        SessionManager engine = recorded();
        FakeExchange first = stored(engine);
        recorder.events.clear();
        FakeExchange ex = request(engine, FakeExchange.following(first), s -> {
            s.regenerate();
            s.put("user", "ada");
        });
        assertThat(recorder.events).containsExactly(
                "destroyed " + shortId(CommitDecisionsTest.sessionId(first)) + " [views]",
                "created " + shortId(CommitDecisionsTest.sessionId(ex)) + " [user]");
    }

    @Test
    void changeIdReportsTheNewIdOnly() {
        SessionManager engine = recorded();
        FakeExchange first = stored(engine);
        recorder.events.clear();
        FakeExchange ex = request(engine, FakeExchange.following(first), Session::changeId);
        assertThat(recorder.events).containsExactly("idChanged " + shortId(CommitDecisionsTest.sessionId(first))
                + " -> " + shortId(CommitDecisionsTest.sessionId(ex)));
    }

    @Test
    void aSessionNeverStoredHasNoEventsEvenWhenDestroyedOrGivenANewId() {
        SessionManager engine = recorded();
        request(engine, FakeExchange.get("/"), s -> {
            s.put("a", 1);
            s.changeId();
            s.destroy();
        });
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void unsetWithDestroyAndAZeroMaxAgeAreDestroyedToo() {
        SessionManager engine = engine(b -> b.listener(recorder).unset(Unset.DESTROY));
        FakeExchange first = stored(engine);
        try (RequestScope scope = engine.open(FakeExchange.following(first))) {
            scope.unset();
            scope.finish();
        }
        FakeExchange second = stored(engine);
        request(engine, FakeExchange.following(second), s -> s.cookie().maxAge(Duration.ZERO));
        assertThat(recorder.events).filteredOn(e -> e.startsWith("destroyed")).containsExactly(
                "destroyed " + shortId(CommitDecisionsTest.sessionId(first)) + " [views]",
                "destroyed " + shortId(CommitDecisionsTest.sessionId(second)) + " [views]");
    }

    @Test
    void aSessionPastItsMaximumLifetimeExpires() {
        SessionManager engine = engine(b -> b.listener(recorder).maxLifetime(Duration.ofMinutes(30))
                .cookie(c -> c.maxAge(Duration.ofHours(1))));
        FakeExchange first = stored(engine);
        // A store that kept the record past the deadline (the memory store would have expired it itself).
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        store.delegate().set(id, new StoredSession(record.json(), record.expires().plus(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(31));
        untouched(engine, FakeExchange.following(first));
        SessionEvent event = recorder.expired.poll();
        assertThat(event).isNotNull();
        assertThat(event.id()).isEqualTo(CommitDecisionsTest.sessionId(first));
        assertThat(event.session().orElseThrow().get("views", Integer.class)).contains(1);
    }

    @Test
    void theMemoryStoreReportsATimedOutSessionOnceWithWhatItLastHeld() throws Exception {
        MemoryStore memory = MemoryStore.builder().build();
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).store(memory)
                .listener(recorder).cookie(c -> c.maxAge(Duration.ofMillis(300))).build());
        FakeExchange ex = request(engine, FakeExchange.get("/"), s -> s.put("views", 7));
        FakeExchange destroyed = request(engine, FakeExchange.get("/"), s -> s.put("views", 8));
        request(engine, FakeExchange.following(destroyed), Session::destroy);

        SessionEvent event = recorder.expired.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("expiry reported within 10 s").isNotNull();
        assertThat(event.id()).isEqualTo(CommitDecisionsTest.sessionId(ex));
        assertThat(event.session().orElseThrow().get("views", Integer.class)).contains(7);
        assertThat(memory.get(event.id())).isEmpty();
        // A destroyed session is never reported as expired.
        assertThat(recorder.expired.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void anExpiryReportedWithOnlyAPrincipalNamesItWithoutData() {
        ExpiryListener[] storeSide = new ExpiryListener[1];
        SessionStore keepsOnlyPrincipals = new ForwardingStore(new MemoryStore()) {
            @Override
            public boolean addExpiryListener(ExpiryListener listener) {
                storeSide[0] = listener;
                return true;
            }
        };
        SessionManager.create(SessionConfig.builder().secrets(SECRET).store(keepsOnlyPrincipals).listener(recorder)
                .build());
        // As the Redis store reports an expiry: the value is gone with the key, the principal was kept.
        storeSide[0].expired("gone-session-1", Optional.of(new StoredSession("", Instant.now(), "alice")));
        storeSide[0].expired("gone-session-2", Optional.of(new StoredSession("", Instant.now())));
        assertThat(recorder.expired).extracting(SessionEvent::id, SessionEvent::principal, e -> e.session().isPresent())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gone-session-1", Optional.of("alice"), false),
                        org.assertj.core.groups.Tuple.tuple("gone-session-2", Optional.empty(), false));
        assertThatThrownBy(() -> SessionEvent.endedWithoutData(SessionEvent.Type.CREATED, "x", "alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type");
    }

    @Test
    void theMemoryStoreReportsASessionEvictedByItsBound() throws Exception {
        MemoryStore memory = MemoryStore.builder().maximumSize(1).build();
        SessionManager engine = SessionManager.create(SessionConfig.builder().secrets(SECRET).store(memory)
                .listener(recorder).build());
        for (int i = 0; i < 3; i++) {
            request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        }
        assertThat(recorder.expired.poll(10, TimeUnit.SECONDS)).as("eviction reported within 10 s").isNotNull();
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheRequest() {
        SessionManager engine = engine(b -> b.listener(new SessionListener() {
            @Override
            public void created(SessionEvent event) {
                throw new IllegalStateException("listener bug");
            }
        }).listener(recorder));
        FakeExchange ex = request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        assertThat(ex.setCookies()).hasSize(1);
        assertThat(recorder.events).hasSize(1);
    }

    @Test
    void aListenerAddedToTheEngineIsCalledUntilRemoved() {
        SessionManager engine = engine();
        engine.addListener(recorder);
        request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        engine.removeListener(recorder);
        request(engine, FakeExchange.get("/"), s -> s.put("views", 1));
        assertThat(recorder.events).hasSize(1);
    }
}
