package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('genid option')}, and the wire vectors of the reference (§7.2, §7.3,
 * §7.4) asserted byte for byte through a fixed {@code genid}. The servers use express's defaults
 * (saveUninitialized: true) because the handlers never touch the session.
 */
@DisplayName("session() genid option")
class GenidOptionTest {
    private final TestClock clock = new TestClock();

    private Reply firstResponse(SessionConfig config, String path) {
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get(path).send();
            assertThat(reply.status()).isEqualTo(200);
            return reply;
        }
    }

    @Test
    @DisplayName("should reject non-function values (Java: types rule them out; null is refused)")
    void shouldRejectNull() {
        assertThatThrownBy(() -> SessionConfig.builder().genid(null))
                .isInstanceOf(NullPointerException.class).hasMessageMatching("(?s).*genid.*");
    }

    @Test
    @DisplayName("should provide default generator (express defaults: resave, saveUninitialized)")
    void shouldProvideDefaultGenerator() {
        Reply reply = firstResponse(Express.defaults(clock).build(), "/");
        assertThat(reply.setCookie().name()).isEqualTo("connect.sid");
        assertThat(reply.sid()).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    @DisplayName("should allow custom function (express defaults: resave, saveUninitialized)")
    void shouldAllowCustomFunction() {
        Reply reply = firstResponse(Express.defaults(clock).genid(request -> "apple").build(), "/");
        assertThat(reply.setCookie().value())
                .isEqualTo("s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU");
        assertThat(reply.headers("Set-Cookie").get(0))
                .startsWith("connect.sid=s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU; ");
    }

    @Test
    @DisplayName("should encode unsafe chars (express defaults: resave, saveUninitialized)")
    void shouldEncodeUnsafeChars() {
        Reply reply = firstResponse(Express.defaults(clock).genid(request -> "%").build(), "/");
        assertThat(reply.headers("Set-Cookie").get(0))
                .startsWith("connect.sid=s%3A%25.kzQ6x52kKVdF35Qh62AWk4ZekS28K5XYCXKa%2FOTZ01g; ");
    }

    @Test
    @DisplayName("should provide req argument (express defaults: resave, saveUninitialized)")
    void shouldProvideRequestArgument() {
        Reply reply = firstResponse(Express.defaults(clock).genid(request -> request.path()).build(), "/foo");
        assertThat(reply.headers("Set-Cookie").get(0))
                .startsWith("connect.sid=s%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ; ");
    }

    @Test
    @DisplayName("reference §7.2: cookie-signature's own vector sign('hello', 'tobiiscool')")
    void cookieSignatureReadmeVector() {
        SessionConfig config = Express.defaults(clock).secrets("tobiiscool").genid(request -> "hello").build();
        assertThat(firstResponse(config, "/").setCookie().value())
                .isEqualTo("s%3Ahello.DGDUkGlIkCzPz%2BC0B064FNgHdEjox7ch8tOBGslZ5QI");
    }

    @Test
    @DisplayName("reference §7.3/§7.4: the observed express Set-Cookie header and stored record, byte for byte")
    void observedExpressHeaderAndRecord() {
        // express observed: expires 2026-11-25T19:36:34.893Z with maxAge 60000, so the request ran 60 s earlier.
        clock.set(Instant.parse("2026-11-25T19:35:34.893Z"));
        CountingStore store = TweakableStore.counting(clock);
        SessionConfig config = Express.harness(clock).store(store)
                .genid(request -> "48aYyseBWdLqalF58ABLgd5S2Jn1fRhY")
                .cookie(c -> c.maxAge(Duration.ofMillis(60000)).sameSite(SameSite.LAX).secure(false)
                        .domain("example.com").priority(Priority.HIGH).partitioned(false))
                .storeCreationTime(false)
                .build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", 1);
            // A string, as JSON.stringify(new Date(0)) leaves it; Jackson writes Instant.EPOCH without ".000".
            user.put("when", "1970-01-01T00:00:00.000Z");
            session(req).put("user", user);
        })) {
            Reply reply = server.get("/").send();
            assertThat(reply.headers("Set-Cookie")).containsExactly(
                    "connect.sid=s%3A48aYyseBWdLqalF58ABLgd5S2Jn1fRhY.TWKf5Ij66tpJw181iLen1SrSvnEVOaGxWzQUdDAX01A; "
                            + "Domain=example.com; Path=/; Expires=Wed, 25 Nov 2026 19:36:34 GMT; HttpOnly; "
                            + "Priority=High; SameSite=Lax");
            assertThat(store.peek("48aYyseBWdLqalF58ABLgd5S2Jn1fRhY").orElseThrow().json())
                    .isEqualTo("{\"cookie\":{\"originalMaxAge\":60000,\"partitioned\":false,\"priority\":\"high\","
                            + "\"expires\":\"2026-11-25T19:36:34.893Z\",\"secure\":false,\"httpOnly\":true,"
                            + "\"domain\":\"example.com\",\"path\":\"/\",\"sameSite\":\"lax\"},"
                            + "\"user\":{\"id\":1,\"when\":\"1970-01-01T00:00:00.000Z\"}}");
        }
    }
}
