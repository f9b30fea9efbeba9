package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** express-session's {@code describe('saveUninitialized option')}. */
@DisplayName("session() saveUninitialized option")
class SaveUninitializedOptionTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    @Test
    @DisplayName("should default to true (sessions4j: defaults to false, §5.11; no save and no cookie)")
    void shouldDefaultToFalse_noSaveNoCookie() {
        SessionConfig config = Express.harness(clock).store(store).build();
        assertThat(config.saveUninitialized()).isFalse();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isZero();
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("should force save of uninitialized session")
    void shouldForceSaveOfUninitializedSession() {
        SessionConfig config = Express.harness(clock).store(store).saveUninitialized(true).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName("should prevent save of uninitialized session")
    void shouldPreventSaveOfUninitializedSession() {
        SessionConfig config = Express.harness(clock).store(store).saveUninitialized(false).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isZero();
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("should still save modified session")
    void shouldStillSaveModifiedSession() {
        SessionConfig config = Express.harness(clock).store(store).saveUninitialized(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            s.put("count", s.get("count", Integer.class).orElse(0) + 1);
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName("should pass session save error (sessions4j: a clean 503 before the response, §5.2)")
    void shouldAnswer503OnSessionSaveError() {
        SessionConfig config = Express.harness(clock).store(store).saveUninitialized(true).build();
        store.failAlways(CountingStore.Op.SET);
        try (ConformanceServer server = ConformanceServer.start(config,
                (req, res) -> Express.end(res, "session saved"))) {
            Reply reply = server.get("/").send();
            assertThat(store.count(CountingStore.Op.SET)).isEqualTo(1);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.body()).doesNotContain("session saved");
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("should prevent uninitialized session from being touched")
    void shouldPreventUninitializedSessionFromBeingTouched() {
        SessionConfig config = Express.harness(clock).store(store).saveUninitialized(false).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(store.count(CountingStore.Op.TOUCH)).isZero();
            assertThat(store.totalCalls()).isZero();
        }
    }
}
