package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** express-session's {@code describe('secret option')}; a Node Buffer secret is raw key bytes here. */
@DisplayName("session() secret option")
class SecretOptionTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    /** express's "set" / "get:<JSON of user>" handler. */
    private static final ConformanceServer.Handler SET_OR_GET = (req, res) -> {
        Session s = session(req);
        if (s.get("user").isEmpty()) {
            s.put("user", "bob");
            Express.end(res, "set");
        } else {
            Express.end(res, "get:\"" + s.get("user", String.class).orElseThrow() + "\"");
        }
    };

    private static final ConformanceServer.Handler WRITE_BOB = (req, res) -> {
        session(req).put("user", "bob");
        Express.end(res, "bob");
    };

    private static final ConformanceServer.Handler READ_USER =
            (req, res) -> Express.end(res, String.valueOf(session(req).get("user").orElse("undefined")));

    @Test
    @DisplayName("should reject empty arrays")
    void shouldRejectEmptySecretList() {
        assertThatThrownBy(() -> SessionConfig.builder().secretKeys(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
    }

    private void assertRoundTrip(SessionConfig config) {
        try (ConformanceServer server = ConformanceServer.start(config, SET_OR_GET)) {
            Reply first = server.get("/").send();
            assertThat(first.body()).isEqualTo("set");
            assertThat(first.setCookie("connect.sid")).isNotNull();
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("get:\"bob\"");
        }
    }

    @Test
    @DisplayName("should sign and unsign with a string")
    void shouldSignAndUnsignWithAString() {
        assertRoundTrip(Express.harness(clock).store(store).secrets("awesome cat").build());
    }

    @Test
    @DisplayName("should sign and unsign with a Buffer (Java: raw key bytes)")
    void shouldSignAndUnsignWithRawKeyBytes() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        assertRoundTrip(Express.harness(clock).store(store).secretKeys(List.of(key)).build());
    }

    @Test
    @DisplayName("when an array: should sign cookies")
    void whenAList_shouldSignCookies() {
        SessionConfig config = Express.harness(clock).store(store).secrets("keyboard cat", "nyan cat").build();
        try (ConformanceServer server = ConformanceServer.start(config, WRITE_BOB)) {
            Reply reply = server.get("/").send();
            assertThat(reply.body()).isEqualTo("bob");
            assertThat(reply.setCookie("connect.sid").value()).startsWith("s%3A");
        }
    }

    @Test
    @DisplayName("when an array: should sign cookies with first element")
    void whenAList_shouldSignCookiesWithFirstElement() {
        SessionConfig both = Express.harness(clock).store(store).secrets("keyboard cat", "nyan cat").build();
        SessionConfig nyanOnly = Express.harness(clock).store(store).secrets("nyan cat").build();
        try (ConformanceServer server1 = ConformanceServer.start(both, WRITE_BOB);
                ConformanceServer server2 = ConformanceServer.start(nyanOnly, READ_USER)) {
            Reply first = server1.get("/").send();
            assertThat(first.body()).isEqualTo("bob");
            Reply second = server2.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("undefined");
        }
    }

    @Test
    @DisplayName("when an array: should read cookies using all elements")
    void whenAList_shouldReadCookiesUsingAllElements() {
        SessionConfig nyanOnly = Express.harness(clock).store(store).secrets("nyan cat").build();
        SessionConfig both = Express.harness(clock).store(store).secrets("keyboard cat", "nyan cat").build();
        try (ConformanceServer server1 = ConformanceServer.start(nyanOnly, WRITE_BOB);
                ConformanceServer server2 = ConformanceServer.start(both, READ_USER)) {
            Reply first = server1.get("/").send();
            assertThat(first.body()).isEqualTo("bob");
            Reply second = server2.get("/").cookie(first.cookie()).send();
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("bob");
        }
    }
}
