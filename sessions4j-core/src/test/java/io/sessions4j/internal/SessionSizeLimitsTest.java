package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.SessionTooLargeException;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing is stored that could not be read back: the write side refuses what the read side's limits would
 * refuse, the stored session is left as it was, and a record over the limits that someone else wrote is a
 * fresh session for this request, never a reason to delete it.
 */
class SessionSizeLimitsTest extends EngineTestSupport {
    private final SessionManager engine = engine();

    /** A list nested {@code depth} levels deep: [[[...]]]. */
    private static List<Object> nested(int depth) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 1; i < depth; i++) {
            List<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        return outer;
    }

    private String storedJson(FakeExchange response) {
        return store.delegate().get(CommitDecisionsTest.sessionId(response)).orElseThrow().json();
    }

    @Test
    void aStringOverTheReadLimitIsRefusedAtPutNamingTheKeyAndTheLimit() {
        FakeExchange first = stored(engine);
        String before = storedJson(first);
        String big = "x".repeat(21_000_000);

        assertThatThrownBy(() -> request(engine, FakeExchange.following(first), s -> s.put("big", big)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'big'")
                .hasMessageContaining("maxStringLength 20000000");
        assertThat(storedJson(first)).isEqualTo(before);
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("views", Integer.class)).contains(1));
    }

    @Test
    void aValueNestedPastTheReadLimitIsRefusedAtPutAndOneLevelLessIsStoredAndReadBack() {
        FakeExchange first = stored(engine);

        assertThatThrownBy(() -> request(engine, FakeExchange.following(first), s -> s.put("deep", nested(1000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'deep'")
                .hasMessageContaining("maxNestingDepth 1000");

        request(engine, FakeExchange.following(first), s -> s.put("deep", nested(999)));
        request(engine, FakeExchange.following(first), s -> assertThat(s.get("deep")).contains(nested(999)));
    }

    @Test
    void aSessionOverMaxSessionBytesIsRefusedAtSaveNamingTheLargestKeysAndTheStoreKeepsTheOldOne() {
        SessionManager small = engine(b -> b.limits(l -> l.maxSessionBytes(64 * 1024)));
        FakeExchange first = stored(small);
        String before = storedJson(first);

        assertThatThrownBy(() -> request(small, FakeExchange.following(first), s -> {
            s.put("a", "a".repeat(30_000));
            s.put("b", "b".repeat(25_000));
            s.put("c", "c".repeat(20_000));
        })).isInstanceOf(SessionTooLargeException.class)
                .hasMessageContaining("maxSessionBytes 65536")
                .hasMessageContaining("'a' (30002 bytes), 'b' (25002 bytes), 'c' (20002 bytes)");
        assertThat(storedJson(first)).isEqualTo(before);
    }

    @Test
    void oneValueOverMaxSessionBytesIsRefusedAtPut() {
        SessionManager small = engine(b -> b.limits(l -> l.maxSessionBytes(64 * 1024)));

        assertThatThrownBy(() -> request(small, FakeExchange.get("/"), s -> s.put("blob", "z".repeat(70_000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'blob'")
                .hasMessageContaining("maxSessionBytes 65536");
        assertThat(store.calls()).doesNotContain("set");
    }

    @Test
    void bytesAreCountedAsUtf8() {
        SessionManager small = engine(b -> b.limits(l -> l.maxSessionBytes(64 * 1024)));
        FakeExchange first = stored(small);

        // 22,000 characters, 66,000 bytes of UTF-8.
        assertThatThrownBy(() -> request(small, FakeExchange.following(first), s -> s.put("text", "€".repeat(22_000))))
                .isInstanceOf(SessionTooLargeException.class)
                .hasMessageContaining("'text' (66002 bytes)");
    }

    @Test
    void aValueThatGrowsInPlaceOverALimitIsRefusedAtSaveNamingTheKey() {
        SessionManager small = engine(b -> b.limits(l -> l.maxStringLength(1000)));
        FakeExchange first = stored(small);
        String before = storedJson(first);

        assertThatThrownBy(() -> request(small, FakeExchange.following(first), s -> {
            List<String> items = new ArrayList<>();
            s.put("items", items);
            items.add("y".repeat(1001));
        })).isInstanceOf(SessionTooLargeException.class)
                .hasMessageContaining("'items'")
                .hasMessageContaining("maxStringLength 1000");
        assertThat(storedJson(first)).isEqualTo(before);
    }

    @Test
    void keysAndPropertyNamesOverTheNameLimitAreRefused() {
        SessionManager small = engine(b -> b.limits(l -> l.maxNameLength(100)));

        assertThatThrownBy(() -> request(small, FakeExchange.get("/"), s -> s.put("k".repeat(101), 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNameLength 100");
        assertThatThrownBy(() -> request(small, FakeExchange.get("/"), s -> s.put("m", Map.of("n".repeat(101), 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'m'").hasMessageContaining("maxNameLength 100");
    }

    @Test
    void aLongNumberIsRefused() {
        SessionManager small = engine(b -> b.limits(l -> l.maxNumberLength(50)));

        assertThatThrownBy(() -> request(small, FakeExchange.get("/"),
                s -> s.put("n", new java.math.BigInteger("9".repeat(51)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'n'").hasMessageContaining("maxNumberLength 50");
    }

    @Test
    void aStoredRecordOverTheLimitsIsAFreshSessionLoggedOnceAndLeftInTheStore() {
        SessionManager small = engine(b -> b.limits(l -> l.maxSessionBytes(64 * 1024)));
        FakeExchange first = stored(small);
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        String oversized = record.json().replace("\"views\":1", "\"views\":1,\"big\":\"" + "n".repeat(70_000) + "\"");
        store.delegate().set(id, new StoredSession(oversized, record.expires()));

        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                request(small, FakeExchange.following(first), s -> assertThat(s.isNew()).isTrue());
            }
            assertThat(log.lines("is over the limits")).hasSize(1);
            assertThat(log.lines(id)).isEmpty();
            assertThat(log.lines(LogIds.hash(id))).hasSize(1);
        }
        assertThat(store.delegate().get(id).orElseThrow().json()).isEqualTo(oversized);
    }

    @Test
    void aStoredRecordNestedTooDeeplyIsAFreshSessionAndLeftInTheStore() {
        FakeExchange first = stored(engine);
        String id = CommitDecisionsTest.sessionId(first);
        StoredSession record = store.delegate().get(id).orElseThrow();
        String deep = record.json().replace("\"views\":1", "\"views\":1,\"deep\":" + "[".repeat(1000) + "]".repeat(1000));
        store.delegate().set(id, new StoredSession(deep, record.expires()));

        request(engine, FakeExchange.following(first), s -> assertThat(s.isNew()).isTrue());
        assertThat(store.delegate().get(id).orElseThrow().json()).isEqualTo(deep);
    }
}
