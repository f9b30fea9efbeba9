package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionException;
import io.sessions4j.StoreFailurePolicy;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.spi.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('req.session')}: persistence, when Set-Cookie is sent, the store going
 * away and coming back, and {@code destroy}, {@code regenerate}, {@code reload}, {@code save},
 * {@code touch} (blocking calls here, callbacks there).
 */
@DisplayName("session() req.session")
class SessionMethodsTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    private static final ConformanceServer.Handler HITS = (req, res) -> {
        Session s = session(req);
        int count = s.get("count", Integer.class).orElse(0) + 1;
        s.put("count", count);
        Express.end(res, "hits: " + count);
    };

    @Test
    @DisplayName("should persist")
    void shouldPersist() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, HITS)) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("hits: 1");
            assertThat(store.peek(first.sid())).isPresent();
            assertThat(server.get("/").cookie(first.cookie()).send().body()).isEqualTo("hits: 2");
        }
    }

    @Test
    @DisplayName("should only set-cookie when modified")
    void shouldOnlySetCookieWhenModified() {
        AtomicBoolean modify = new AtomicBoolean(true);
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (modify.get()) {
                s.put("count", s.get("count", Integer.class).orElse(0) + 1);
            }
            Express.end(res, String.valueOf(s.get("count").orElseThrow()));
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("1");
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.body()).isEqualTo("2");
            String val = second.cookie();
            modify.set(false);
            Reply third = server.get("/").cookie(val).send();
            assertThat(third.body()).isEqualTo("2");
            assertThat(third.hasHeader("Set-Cookie")).isFalse();
            modify.set(true);
            Reply fourth = server.get("/").cookie(val).send();
            assertThat(fourth.body()).isEqualTo("3");
            assertThat(fourth.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName("should not have enumerable methods (Java: keys() holds only data keys)")
    void shouldNotHaveMethodNamesAmongKeys() {
        SessionConfig config = Express.harness(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("foo", "foo");
            s.put("bar", "bar");
            Express.end(res, String.join(",", new TreeSet<>(s.keys())));
        })) {
            assertThat(server.get("/").send().body()).isEqualTo("bar,foo");
        }
    }

    private static final ConformanceServer.Handler TYPE_OF_SESSION = (req, res) ->
            Express.end(res, SessionFilter.existingSession(req).isPresent() ? "object" : "undefined");

    @Test
    @DisplayName("should not be set if store is disconnected (Java: the store fails, policy "
            + "CONTINUE_WITHOUT_SESSION) (express defaults: resave, saveUninitialized)")
    void shouldNotBeSetIfStoreIsDown_continueWithoutSessionPolicy() {
        SessionConfig config = Express.defaults(clock).store(store)
                .storeFailurePolicy(StoreFailurePolicy.CONTINUE_WITHOUT_SESSION).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            if (req.getRequestURI().equals("/login")) {
                session(req).put("user", "bob");
            }
            TYPE_OF_SESSION.handle(req, res);
        })) {
            Reply login = server.get("/login").send();
            assertThat(login.body()).isEqualTo("object");
            disconnect();

            Reply anonymous = server.get("/").send();
            assertThat(anonymous.status()).isEqualTo(200);
            assertThat(anonymous.hasHeader("Set-Cookie")).isFalse();

            Reply known = server.get("/").cookie(login.cookie()).send();
            assertThat(known.status()).isEqualTo(200);
            assertThat(known.body()).isEqualTo("undefined");
            assertThat(known.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("should be set when store reconnects (Java: the store works again, no restart) "
            + "(express defaults: resave, saveUninitialized)")
    void shouldBeSetWhenStoreRecovers() {
        SessionConfig config = Express.defaults(clock).store(store)
                .storeFailurePolicy(StoreFailurePolicy.CONTINUE_WITHOUT_SESSION).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            if (req.getRequestURI().equals("/login")) {
                session(req).put("user", "bob");
            }
            Express.end(res, SessionFilter.existingSession(req)
                    .map(s -> "object:" + s.get("user").orElse("-")).orElse("undefined"));
        })) {
            Reply login = server.get("/login").send();
            disconnect();
            assertThat(server.get("/").cookie(login.cookie()).send().body()).isEqualTo("undefined");
            store.heal();
            Reply back = server.get("/").cookie(login.cookie()).send();
            assertThat(back.status()).isEqualTo(200);
            assertThat(back.body()).isEqualTo("object:bob");
        }
    }

    /** express's {@code store.emit('disconnect')}: every store call fails. */
    private void disconnect() {
        for (CountingStore.Op op : CountingStore.Op.values()) {
            store.failAlways(op);
        }
    }

    @Test
    @DisplayName(".destroy(): should destroy the previous session (express defaults: resave, saveUninitialized)")
    void destroy_shouldDestroyThePreviousSession() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).destroy();
            TYPE_OF_SESSION.handle(req, res);
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("undefined");
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
            assertThat(TweakableStore.length(store)).isZero();
        }
    }

    @Test
    @DisplayName(".regenerate(): should destroy/replace the previous session "
            + "(express defaults: resave, saveUninitialized)")
    void regenerate_shouldDestroyAndReplaceThePreviousSession() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            String id = s.id();
            s.regenerate();
            Express.end(res, String.valueOf(s.id().equals(id)));
        })) {
            Reply first = server.get("/").send();
            assertThat(first.setCookie("connect.sid")).isNotNull();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("false");
            assertThat(second.sid()).isNotEqualTo(first.sid());
            assertThat(store.peek(first.sid())).as("the old session is gone").isEmpty();
            assertThat(store.peek(second.sid())).isPresent();
        }
    }

    @Test
    @DisplayName(".reload(): should reload session from store (express defaults: resave, saveUninitialized)")
    void reload_shouldReloadSessionFromStore() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        AtomicReference<ConformanceServer> self = new AtomicReference<>();
        AtomicReference<String> cookie = new AtomicReference<>();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            String url = req.getRequestURI();
            if (url.equals("/")) {
                s.put("active", true);
                Express.end(res, "session created");
                return;
            }
            s.put("url", url);
            if (url.equals("/bar")) {
                Express.end(res, "saw " + s.get("url").orElseThrow());
                return;
            }
            Reply concurrent = self.get().get("/bar").cookie(cookie.get()).send();
            if (!concurrent.body().equals("saw /bar")) {
                throw new IllegalStateException("concurrent request failed: " + concurrent);
            }
            s.reload();
            Express.end(res, "saw " + s.get("url").orElseThrow());
        })) {
            self.set(server);
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session created");
            cookie.set(first.cookie());
            Reply reply = server.get("/foo").cookie(cookie.get()).send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("saw /bar");
        }
    }

    @Test
    @DisplayName(".reload(): should error is session missing (express defaults: resave, saveUninitialized)")
    void reload_shouldErrorIfSessionMissing() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (req.getRequestURI().equals("/")) {
                s.put("active", true);
                Express.end(res, "session created");
                return;
            }
            store.delegate().clear();
            try {
                s.reload();
                Express.end(res, "");
            } catch (SessionException e) {
                res.setStatus(500);
                Express.end(res, e.getMessage());
            }
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session created");
            Reply reply = server.get("/foo").cookie(first.cookie()).send();
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.body()).startsWith("failed to load session");
        }
    }

    @Test
    @DisplayName(".reload(): should not override an overridden `reload` in case of errors (Java: repeated "
            + "failing reloads leave the session usable)")
    void reload_shouldSurviveRepeatedFailures() {
        SessionConfig config = Express.harness(clock).store(store).resave(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (req.getRequestURI().equals("/")) {
                s.put("active", true);
                Express.end(res, "session created");
                return;
            }
            store.delegate().clear();
            int failures = 0;
            for (int i = 1; i < 20; i++) {
                try {
                    s.reload();
                } catch (SessionException e) {
                    failures++;
                }
            }
            Express.end(res, failures == 19 && s.get("active").isPresent() ? "ok" : "failures=" + failures);
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session created");
            Reply reply = server.get("/foo").cookie(first.cookie()).send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("ok");
        }
    }

    @Test
    @DisplayName(".save(): should save session to store (express defaults: resave, saveUninitialized)")
    void save_shouldSaveSessionToStore() {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("hit", true);
            s.save();
            Express.end(res, store.peek(s.id()).isPresent() ? "stored" : "empty");
        })) {
            assertThat(server.get("/").send().body()).isEqualTo("stored");
        }
    }

    private static final ConformanceServer.Handler HIT_AND_SAVE = (req, res) -> {
        Session s = session(req);
        s.put("hit", true);
        s.save();
        Express.end(res, "saved");
    };

    private void assertOneSavePerRequest(SessionConfig config, ConformanceServer.Handler handler) {
        try (ConformanceServer server = ConformanceServer.start(config, handler)) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("saved");
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            store.resetCounts();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.body()).isEqualTo("saved");
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName(".save(): should prevent end-of-request save (express defaults: resave, saveUninitialized)")
    void save_shouldPreventEndOfRequestSave() {
        assertOneSavePerRequest(Express.defaults(clock).store(store).build(), HIT_AND_SAVE);
    }

    @Test
    @DisplayName(".save(): should prevent end-of-request save on reloaded session "
            + "(express defaults: resave, saveUninitialized)")
    void save_shouldPreventEndOfRequestSaveOnReloadedSession() {
        assertOneSavePerRequest(Express.defaults(clock).store(store).build(), (req, res) -> {
            Session s = session(req);
            s.put("hit", true);
            try {
                s.reload();
            } catch (SessionException notStoredYet) {
                // express ignores the reload error of a new session too, and saves anyway
            }
            s.save();
            Express.end(res, "saved");
        });
    }

    @Test
    @DisplayName(".save(): when saveUninitialized is false: should prevent end-of-request save "
            + "(express default: resave)")
    void save_saveUninitializedFalse_shouldPreventEndOfRequestSave() {
        assertOneSavePerRequest(Express.harness(clock).store(store).resave(true).saveUninitialized(false).build(),
                HIT_AND_SAVE);
    }

    @Test
    @DisplayName(".touch(): should reset session expiration")
    void touch_shouldResetSessionExpiration() {
        SessionConfig config = Express.harness(clock).store(store).resave(false)
                .cookie(c -> c.maxAge(Express.MIN)).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("hit", true);
            s.touch();
        })) {
            Reply first = server.get("/").send();
            String id = first.sid();
            Instant exp = store.peek(id).map(StoredSession::expires).orElseThrow();
            clock.advance(Duration.ofMillis(100));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(store.peek(id).map(StoredSession::expires).orElseThrow())
                    .isEqualTo(exp.plusMillis(100)).isNotEqualTo(exp);
        }
    }
}
