package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('resave option')}. A "save" here is {@code set} or {@code replace}
 * (sessions4j saves a stored session by compare-and-set).
 */
@DisplayName("session() resave option")
class ResaveOptionTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    private static final ConformanceServer.Handler SET_USER_BOB = (req, res) -> session(req).put("user", "bob");

    @Test
    @DisplayName("should default to true (sessions4j: defaults to false, §5.11; an unmodified session is "
            + "touched, not saved)")
    void shouldDefaultToFalse_unmodifiedSessionIsNotSaved() {
        SessionConfig config = Express.harness(clock).store(store).build();
        assertThat(config.resave()).isFalse();
        try (ConformanceServer server = ConformanceServer.start(config, SET_USER_BOB)) {
            Reply first = server.get("/").send();
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            store.resetCounts();
            clock.advance(Duration.ofSeconds(1));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isZero();
            assertThat(store.count(CountingStore.Op.TOUCH)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("when true: should force save on unmodified session")
    void whenTrue_shouldForceSaveOnUnmodifiedSession() {
        SessionConfig config = Express.harness(clock).store(store).resave(true).build();
        try (ConformanceServer server = ConformanceServer.start(config, SET_USER_BOB)) {
            Reply first = server.get("/").send();
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            store.resetCounts();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("when false: should prevent save on unmodified session")
    void whenFalse_shouldPreventSaveOnUnmodifiedSession() {
        SessionConfig config = Express.harness(clock).store(store).resave(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, SET_USER_BOB)) {
            Reply first = server.get("/").send();
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            store.resetCounts();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isZero();
        }
    }

    @Test
    @DisplayName("when false: should still save modified session")
    void whenFalse_shouldStillSaveModifiedSession() {
        SessionConfig config = Express.harness(clock).store(store).resave(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (req.getMethod().equals("PUT")) {
                s.put("token", req.getRequestURI().substring(1));
            }
            Express.end(res, "token=" + s.get("token").orElse(""));
        })) {
            Reply put = server.put("/w6RHhwaA").send();
            assertThat(put.body()).isEqualTo("token=w6RHhwaA");
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            String sess = put.cookie();

            store.resetCounts();
            Reply get = server.get("/").cookie(sess).send();
            assertThat(get.body()).isEqualTo("token=w6RHhwaA");
            assertThat(TweakableStore.writes(store)).isZero();

            store.resetCounts();
            Reply put2 = server.put("/zfQ3rzM3").cookie(sess).send();
            assertThat(put2.body()).isEqualTo("token=zfQ3rzM3");
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("when false: should detect a \"cookie\" property as modified (nested, mutated in place)")
    @SuppressWarnings("unchecked")
    void whenFalse_shouldDetectACookiePropertyAsModified() throws Exception {
        SessionConfig config = Express.harness(clock).store(store).resave(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            Map<String, Object> user = s.get("user", Map.class).orElse(null);
            if (user == null) {
                user = new LinkedHashMap<>();
                s.put("user", user);
            }
            user.put("name", "bob");
            user.put("cookie", ((Number) user.getOrDefault("cookie", 0)).intValue() + 1);
        })) {
            Reply first = server.get("/").send();
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            store.resetCounts();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(TweakableStore.writes(store)).isEqualTo(1);
            String json = store.peek(first.sid()).orElseThrow().json();
            assertThat(new ObjectMapper().readTree(json).path("user").path("cookie").asInt()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("when false: should pass session touch error (sessions4j: a clean 503 before the response, §5.2)")
    void whenFalse_shouldAnswer503OnSessionTouchError() {
        SessionConfig config = Express.harness(clock).store(store).resave(false).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).put("hit", true);
            Express.end(res, "session saved");
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session saved");
            store.failAlways(CountingStore.Op.TOUCH);
            clock.advance(Duration.ofSeconds(1));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(store.count(CountingStore.Op.TOUCH)).isEqualTo(1);
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.body()).doesNotContain("session saved");
        }
    }
}
