package io.sessions4j.servlet.conformance;

import static io.sessions4j.servlet.SessionFilter.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.SessionConfig;
import io.sessions4j.servlet.testing.CountingStore;
import io.sessions4j.spi.StoredSession;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('when response ended')}: the store write is slowed down by 200 ms
 * (express's {@code shouldSetSessionInStore(store, 200)}), and the session must be in the store when the
 * client has the response. In sessions4j that holds by design (DESIGN §5.1: saved before the response is
 * committed), so each test also checks the record exists the moment the response arrived.
 */
@DisplayName("session() when response ended")
class WhenResponseEndedTest {
    private final TestClock clock = new TestClock();
    private final CountingStore store = TweakableStore.counting(clock);

    private SessionConfig slowStoreConfig() {
        TweakableStore.of(store).delaySets(Duration.ofMillis(200));
        return Express.harness(clock).store(store).build();
    }

    private void assertSavedOnceBeforeTheResponse(Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        assertThat(store.peek(reply.sid())).as("in the store when the response arrived").isPresent();
        assertThat(store.count(CountingStore.Op.SET)).isEqualTo(1);
        assertThat(TweakableStore.writes(store)).isEqualTo(1);
    }

    @Test
    @DisplayName("should have saved session")
    void shouldHaveSavedSession() {
        try (ConformanceServer server = ConformanceServer.start(slowStoreConfig(), (req, res) -> {
            session(req).put("hit", true);
            Express.end(res, "session saved");
        })) {
            Reply reply = server.get("/").send();
            assertSavedOnceBeforeTheResponse(reply);
            assertThat(reply.body()).isEqualTo("session saved");
        }
    }

    @Test
    @DisplayName("should have saved session even with empty response")
    void shouldHaveSavedSessionEvenWithEmptyResponse() {
        try (ConformanceServer server = ConformanceServer.start(slowStoreConfig(), (req, res) -> {
            session(req).put("hit", true);
            res.setHeader("Content-Length", "0");
            res.getOutputStream().close();
        })) {
            Reply reply = server.get("/").send();
            assertSavedOnceBeforeTheResponse(reply);
            assertThat(reply.body()).isEmpty();
        }
    }

    @Test
    @DisplayName("should have saved session even with multi-write")
    void shouldHaveSavedSessionEvenWithMultiWrite() {
        try (ConformanceServer server = ConformanceServer.start(slowStoreConfig(), (req, res) -> {
            session(req).put("hit", true);
            res.setHeader("Content-Length", "12");
            OutputStream out = res.getOutputStream();
            out.write("hello, ".getBytes(StandardCharsets.UTF_8));
            out.write("world".getBytes(StandardCharsets.UTF_8));
            out.close();
        })) {
            Reply reply = server.get("/").send();
            assertSavedOnceBeforeTheResponse(reply);
            assertThat(reply.body()).isEqualTo("hello, world");
        }
    }

    @Test
    @DisplayName("should have saved session even with non-chunked response")
    void shouldHaveSavedSessionEvenWithNonChunkedResponse() {
        try (ConformanceServer server = ConformanceServer.start(slowStoreConfig(), (req, res) -> {
            session(req).put("hit", true);
            res.setHeader("Content-Length", "13");
            OutputStream out = res.getOutputStream();
            out.write("session saved".getBytes(StandardCharsets.UTF_8));
            out.close();
        })) {
            Reply reply = server.get("/").send();
            assertSavedOnceBeforeTheResponse(reply);
            assertThat(reply.body()).isEqualTo("session saved");
            assertThat(reply.header("Transfer-Encoding")).isEmpty();
        }
    }

    @Test
    @DisplayName("should have saved session with updated cookie expiration "
            + "(express defaults: resave, saveUninitialized)")
    void shouldHaveSavedSessionWithUpdatedCookieExpiration() throws Exception {
        SessionConfig config = Express.defaults(clock).store(store).build();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            session(req).put("user", "bob");
            Express.end(res, session(req).id());
        })) {
            Reply first = server.get("/").send();
            String id = first.body();
            StoredSession stored = store.peek(id).orElseThrow(() -> new AssertionError("session saved to store"));
            Instant exp = storedCookieExpires(stored);
            assertThat(toUtcString(exp)).isEqualTo(first.setCookie().attribute("Expires").orElseThrow());
            assertThat(stored.expires()).isEqualTo(exp);

            clock.advance(Duration.ofMillis(1200));
            Reply second = server.get("/").cookie(first.cookie()).send();
            assertThat(second.body()).isEqualTo(id);
            StoredSession after = store.peek(id).orElseThrow(() -> new AssertionError("session still in store"));
            assertThat(toUtcString(storedCookieExpires(after))).as("session cookie expiration updated")
                    .isNotEqualTo(toUtcString(exp));
            assertThat(after.expires()).isAfter(stored.expires());
        }
    }

    static Instant storedCookieExpires(StoredSession stored) throws Exception {
        String text = new ObjectMapper().readTree(stored.json()).path("cookie").path("expires").asText();
        return Instant.parse(text);
    }

    /** JavaScript's {@code Date#toUTCString()}. */
    static String toUtcString(Instant instant) {
        return DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                .withZone(ZoneOffset.UTC).format(instant);
    }
}
