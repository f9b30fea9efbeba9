package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** express-session's {@code describe('rolling option')}. */
@DisplayName("session() rolling option")
class RollingOptionTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    private static final ConformanceServer.Handler SET_USER_BOB = (req, res) -> session(req).put("user", "bob");

    @Test
    @DisplayName("should default to false")
    void shouldDefaultToFalse() {
        SessionConfig config = Express.harness(clock).store(store).build();
        assertThat(config.rolling()).isFalse();
        try (ConformanceServer server = ConformanceServer.start(config, SET_USER_BOB)) {
            Reply first = server.get("/").send();
            assertThat(first.setCookie("connect.sid")).isNotNull();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("should force cookie on unmodified session")
    void shouldForceCookieOnUnmodifiedSession() {
        SessionConfig config = Express.harness(clock).store(store).rolling(true).build();
        try (ConformanceServer server = ConformanceServer.start(config, SET_USER_BOB)) {
            Reply first = server.get("/").send();
            assertThat(first.setCookie("connect.sid")).isNotNull();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.setCookie("connect.sid").sid()).isEqualTo(first.sid());
        }
    }

    @Test
    @DisplayName("should not force cookie on uninitialized session if saveUninitialized option is set to false")
    void shouldNotForceCookieOnUninitializedSessionIfSaveUninitializedIsFalse() {
        SessionConfig config = Express.harness(clock).store(store).rolling(true).saveUninitialized(false).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isZero();
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("should force cookie and save uninitialized session if saveUninitialized option is set to true")
    void shouldForceCookieAndSaveUninitializedSessionIfSaveUninitializedIsTrue() {
        SessionConfig config = Express.harness(clock).store(store).rolling(true).saveUninitialized(true).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName("should force cookie and save modified session even if saveUninitialized option is set to false")
    void shouldForceCookieAndSaveModifiedSessionEvenIfSaveUninitializedIsFalse() {
        SessionConfig config = Express.harness(clock).store(store).rolling(true).saveUninitialized(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, SET_USER_BOB)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }
}
