package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.Unset;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.spi.SessionStore;
import io.sessions4j.spi.StoredSession;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's store-facing {@code describe} blocks: {@code when sid not in store},
 * {@code when session expired in store}, {@code when session without cookie property in store} and
 * {@code synchronous store}.
 */
@DisplayName("session() and the store")
class StoreBehaviourTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);
    private final AtomicInteger count = new AtomicInteger();

    @Test
    @DisplayName("when sid not in store: should create a new session")
    void sidNotInStore_shouldCreateANewSession() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, SessionTest.numberingHandler(count))) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session 1");
            store.delegate().clear();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("session 2");
        }
    }

    @Test
    @DisplayName("when sid not in store: should have a new sid")
    void sidNotInStore_shouldHaveANewSid() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, SessionTest.numberingHandler(count))) {
            Reply first = server.get("/").send();
            store.delegate().clear();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.body()).isEqualTo("session 2");
            assertThat(second.sid()).isNotEqualTo(first.sid());
        }
    }

    private SessionConfig fiveMillisecondSessions() {
        return Express.harness(clock).store(store).cookie(c -> c.maxAge(Duration.ofMillis(5))).build();
    }

    @Test
    @DisplayName("when session expired in store: should create a new session")
    void expiredInStore_shouldCreateANewSession() {
        try (ConformanceServer server = ConformanceServer.start(fiveMillisecondSessions(),
                SessionTest.numberingHandler(count))) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session 1");
            clock.advanceMillis(20);
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.setCookie("connect.sid")).isNotNull();
            assertThat(second.body()).isEqualTo("session 2");
        }
    }

    @Test
    @DisplayName("when session expired in store: should have a new sid")
    void expiredInStore_shouldHaveANewSid() {
        try (ConformanceServer server = ConformanceServer.start(fiveMillisecondSessions(),
                SessionTest.numberingHandler(count))) {
            Reply first = server.get("/").send();
            clock.advanceMillis(15);
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.body()).isEqualTo("session 2");
            assertThat(second.sid()).isNotEqualTo(first.sid());
        }
    }

    @Test
    @DisplayName("when session expired in store: should not exist in store")
    void expiredInStore_shouldNotExistInStore() {
        try (ConformanceServer server = ConformanceServer.start(fiveMillisecondSessions(),
                SessionTest.numberingHandler(count))) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session 1");
            assertThat(TweakableStore.length(store)).isEqualTo(1);
            clock.advanceMillis(10);
            assertThat(TweakableStore.length(store)).isZero();
            assertThat(store.peek(first.sid())).isEmpty();
        }
    }

    @Test
    @DisplayName("when session without cookie property in store: should pass error from inflate "
            + "(sessions4j: unreadable data is treated as missing, a new session instead of a 500; DESIGN §8)")
    void withoutCookieProperty_shouldStartANewSessionInsteadOf500() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, SessionTest.numberingHandler(count))) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session 1");
            TweakableStore.of(store).put(first.sid(), "{\"foo\":\"bar\"}", clock.instant().plusSeconds(60));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("session 2");
            assertThat(second.sid()).isNotEqualTo(first.sid());
        }
    }

    /**
     * express's SyncStore (callbacks called synchronously) has no Java twin: every Java store is blocking.
     * The closest is the smallest store anyone would write: a synchronized HashMap implementing only what
     * the SPI requires.
     */
    static final class MinimalStore implements SessionStore {
        private final Map<String, StoredSession> records = new HashMap<>();

        @Override
        public synchronized Optional<StoredSession> get(String id) {
            return Optional.ofNullable(records.get(id));
        }

        @Override
        public synchronized void set(String id, StoredSession session) {
            records.put(id, session);
        }

        @Override
        public synchronized boolean replace(String id, String expectedJson, StoredSession session) {
            StoredSession current = records.get(id);
            if (current == null || !current.json().equals(expectedJson)) {
                return false;
            }
            records.put(id, session);
            return true;
        }

        @Override
        public synchronized boolean touch(String id, Instant expires) {
            StoredSession current = records.get(id);
            if (current == null) {
                return false;
            }
            records.put(id, new StoredSession(current.json(), expires));
            return true;
        }

        @Override
        public synchronized void destroy(String id) {
            records.remove(id);
        }

        synchronized int size() {
            return records.size();
        }
    }

    @Test
    @DisplayName("synchronous store: should respond correctly on save (Java: a minimal HashMap store)")
    void minimalStore_shouldRespondCorrectlyOnSave() {
        MinimalStore minimal = new MinimalStore();
        SessionConfig config = Express.harness(clock).store(minimal).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            int hits = s.get("count", Integer.class).orElse(0) + 1;
            s.put("count", hits);
            Express.end(res, "hits: " + hits);
        })) {
            Reply first = server.get("/").send();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("hits: 1");
            assertThat(server.get("/").cookie(first.cookie()).send().body()).isEqualTo("hits: 2");
            assertThat(minimal.size()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("synchronous store: should respond correctly on destroy (Java: a minimal HashMap store)")
    void minimalStore_shouldRespondCorrectlyOnDestroy() {
        MinimalStore minimal = new MinimalStore();
        SessionConfig config = Express.harness(clock).store(minimal).unset(Unset.DESTROY).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            int hits = s.get("count", Integer.class).orElse(0) + 1;
            s.put("count", hits);
            PrintWriter writer = res.getWriter();
            if (hits > 1) {
                SessionFilter.unset(req);
                writer.print("destroyed\n");
            }
            writer.print("hits: " + hits);
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("hits: 1");
            assertThat(minimal.size()).isEqualTo(1);
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("destroyed\nhits: 2");
            assertThat(minimal.size()).isZero();
        }
    }
}
