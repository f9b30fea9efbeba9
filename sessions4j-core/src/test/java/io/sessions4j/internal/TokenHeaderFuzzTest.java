package io.sessions4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sessions4j.IdTransport;
import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the token header of {@link IdTransport}, before the cookie: any bytes (split
 * into header lines at {@code \n}, read as UTF-8) open a request without an exception, claim no id but one signed
 * with a secret of ours, and answer with at most one token.
 */
class TokenHeaderFuzzTest {
    static final String ID = "fuzzed-token-session";
    private static final String HEADER = "X-Session-Token";
    private static final byte[] SECRET = "token fuzz secret, long enough to sign".getBytes(StandardCharsets.UTF_8);
    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-11-25T19:35:34.893Z"));
    private static final MemoryStore STORE = MemoryStore.builder().clock(CLOCK).build();
    private static final SessionManager ENGINE = SessionManager.create(SessionConfig.builder()
            .secretKeys(List.of(SECRET)).store(STORE).clock(CLOCK).genid(r -> ID)
            .idTransport(IdTransport.headerThenCookie(HEADER))
            .cookie(c -> c.maxAge(java.time.Duration.ofDays(365))).build());

    static {
        try (RequestScope scope = ENGINE.open(FakeExchange.get("/"))) {
            scope.session().put("views", 1);
            scope.commit();
        }
    }

    @FuzzTest(maxExecutions = 5_000)
    @DictionaryEntries({"s%3A", "s:", ",", " ", "%", "%25", "%E0%A4%A", "\t", "fuzzed-token-session", "."})
    void anyTokenHeadersOpenARequestAndOnlyASignedIdIsClaimed(byte[] input) {
        FakeExchange exchange = FakeExchange.get("/");
        for (String header : new String(input, StandardCharsets.UTF_8).split("\n", 16)) {
            exchange.header(HEADER, header);
        }
        try (RequestScope scope = ENGINE.open(exchange)) {
            scope.requestedSessionId().ifPresent(id -> assertEquals(ID, id, "only a signed id can be claimed"));
            scope.existingSession().ifPresent(s -> assertEquals(ID, s.id(), "only the signed session loads"));
            scope.commit();
        }
        assertTrue(exchange.responseHeaders(HEADER).size() <= 1, "at most one token per response");
        assertTrue(STORE.get(ID).isPresent(), "a request without changes leaves the session in place");
    }
}
