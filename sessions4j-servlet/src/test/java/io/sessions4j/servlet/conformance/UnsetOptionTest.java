package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.Unset;
import io.sessions4j.servlet.SessionFilter;
import io.sessions4j.servlet.testing.CountingStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** express-session's {@code describe('unset option')}; {@code req.session = null} is {@link SessionFilter#unset}. */
@DisplayName("session() unset option")
class UnsetOptionTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    /** express's {@code count++; if (count === 2) req.session = null}. */
    private static final ConformanceServer.Handler UNSET_ON_SECOND = (req, res) -> {
        Session s = session(req);
        int count = s.get("count", Integer.class).orElse(0) + 1;
        s.put("count", count);
        if (count == 2) {
            SessionFilter.unset(req);
        }
    };

    @Test
    @DisplayName("should reject unknown values (Java: an enum; null is refused)")
    void shouldRejectNull() {
        assertThatThrownBy(() -> SessionConfig.builder().unset(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("unset");
    }

    @Test
    @DisplayName("should default to keep")
    void shouldDefaultToKeep() throws Exception {
        SessionConfig config = Express.harness(clock).store(store).build();
        assertThat(config.unset()).isEqualTo(Unset.KEEP);
        try (ConformanceServer server = ConformanceServer.start(config, UNSET_ON_SECOND)) {
            Reply first = server.get("/").send();
            assertThat(TweakableStore.length(store)).isEqualTo(1);
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(TweakableStore.length(store)).isEqualTo(1);
            String json = store.peek(first.sid()).orElseThrow().json();
            assertThat(new ObjectMapper().readTree(json).path("count").asInt())
                    .as("this request's changes are not saved").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("should allow destroy on req.session = null")
    void shouldAllowDestroyOnUnset() {
        SessionConfig config = Express.harness(clock).store(store).unset(Unset.DESTROY).build();
        try (ConformanceServer server = ConformanceServer.start(config, UNSET_ON_SECOND)) {
            Reply first = server.get("/").send();
            assertThat(TweakableStore.length(store)).isEqualTo(1);
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(TweakableStore.length(store)).isZero();
        }
    }

    @Test
    @DisplayName("should not set cookie if initial session destroyed (and, §5.15, makes no store call) "
            + "(express defaults: resave, saveUninitialized)")
    void shouldNotSetCookieIfInitialSessionDestroyed_andMakeNoStoreCall() {
        SessionConfig config = Express.defaults(clock).store(store).unset(Unset.DESTROY).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req);
            SessionFilter.unset(req);
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
            assertThat(TweakableStore.length(store)).isZero();
            assertThat(store.totalCalls()).isZero();
        }
    }

    @Test
    @DisplayName("should pass session destroy error (sessions4j: a clean 503 before the response, §5.2; "
            + "on a stored session, since a never-stored one makes no store call, §5.15)")
    void shouldAnswer503OnSessionDestroyError() {
        SessionConfig config = Express.harness(clock).store(store).unset(Unset.DESTROY).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Session s = session(req);
            if (s.isNew()) {
                s.put("stored", true);
                Express.end(res, "session stored");
                return;
            }
            SessionFilter.unset(req);
            Express.end(res, "session destroyed");
        })) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("session stored");
            store.failAlways(CountingStore.Op.DESTROY);
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(store.count(CountingStore.Op.DESTROY)).isEqualTo(1);
            assertThat(second.status()).isEqualTo(503);
            assertThat(second.body()).doesNotContain("session destroyed");
        }
    }
}
