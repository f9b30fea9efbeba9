package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record whose JSON has not changed is not parsed again: what is reused must behave exactly like a fresh
 * parse, for every request that gets it.
 */
class ParsedRecordsTest extends EngineTestSupport {

    @Test
    void aChangeToTheCookieInOneRequestIsNotSeenByTheNextLoadOfTheSameText() {
        SessionManager engine = engine(b -> b.touchAfter(Duration.ofHours(1)));
        FakeExchange first = stored(engine);
        String json = store.delegate().get(CommitDecisionsTest.sessionId(first)).orElseThrow().json();
        try (var scope = engine.open(FakeExchange.following(first))) {
            scope.session().cookie().maxAge(Duration.ofDays(3)).path("/elsewhere");
            // No commit: the store keeps the text, so the next load reuses the parse of this one.
        }
        assertThat(store.delegate().get(CommitDecisionsTest.sessionId(first)).orElseThrow().json()).isEqualTo(json);
        request(engine, FakeExchange.following(first), s -> {
            assertThat(s.isNew()).isFalse();
            assertThat(s.cookie().originalMaxAge()).contains(Duration.ofMinutes(1));
            assertThat(s.cookie().path()).isEqualTo("/");
        });
    }

    @Test
    void textWrittenByAnotherWriterUnderTheSameIdIsParsedAnew() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("views")).contains(1));
        StoredSession stored = store.delegate().get(id).orElseThrow();
        store.delegate().set(id, new StoredSession(stored.json().replace("\"views\":1", "\"views\":7"),
                stored.expires()));
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("views")).contains(7));
    }

    @Test
    void equalTextFromAStoreThatCopiesItIsReusedAndGivesTheSameValues() {
        SessionManager engine = engine();
        FakeExchange first = request(engine, FakeExchange.get("/"),
                s -> s.put("roles", List.of("reader", "writer")).put("user", Map.of("name", "ada")));
        String id = CommitDecisionsTest.sessionId(first);
        for (int i = 0; i < 3; i++) {
            // A store that hands back a new String each time (Redis, SQL) gets equal values each time.
            StoredSession stored = store.delegate().get(id).orElseThrow();
            store.delegate().set(id, new StoredSession(new String(stored.json().toCharArray()), stored.expires()));
            request(engine, FakeExchange.following(first), s -> {
                assertThat(s.get("roles")).contains(List.of("reader", "writer"));
                assertThat(s.get("user")).contains(Map.of("name", "ada"));
            });
        }
    }

    @Test
    void aValueChangedInPlaceInOneRequestIsNotSeenByTheNextLoadOfTheOldText() {
        SessionManager engine = engine();
        FakeExchange first = request(engine, FakeExchange.get("/"), s -> s.put("tags", List.of("a", "b")));
        String id = CommitDecisionsTest.sessionId(first);
        String before = store.delegate().get(id).orElseThrow().json();
        try (var scope = engine.open(FakeExchange.following(first))) {
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) scope.session().get("tags").orElseThrow();
            tags.add("c");
            // Never committed: the store keeps the old text.
        }
        assertThat(store.delegate().get(id).orElseThrow().json()).isEqualTo(before);
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("tags")).contains(List.of("a", "b")));
    }

    @Test
    void aDestroyedSessionIsNotServedFromWhatWasParsedBefore() {
        SessionManager engine = engine();
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession stored = store.delegate().get(id).orElseThrow();
        request(engine, FakeExchange.following(first), s -> s.destroy());
        assertThat(store.delegate().get(id)).isEmpty();
        request(engine, FakeExchange.following(first), s -> assertThat(s.isNew()).isTrue());
        // The very same text put back (a restore from a backup) is a session again, parsed or reused alike.
        store.delegate().set(id, stored);
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("views")).contains(1));
    }
}
