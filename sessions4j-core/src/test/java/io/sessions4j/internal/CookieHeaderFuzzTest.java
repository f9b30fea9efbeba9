package io.sessions4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sessions4j.MemoryStore;
import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the request's {@code Cookie} headers, from parsing to unsigning to the
 * store: any bytes (split into headers at {@code \n}, read as UTF-8) open a request without an exception; the
 * only session that can load is the one whose signed cookie is in the input, and the only id a request can
 * claim is one signed with a secret of ours.
 *
 * <p>The seeds in {@code CookieHeaderFuzzTestInputs} hold the real signed cookie of {@link #ID} among
 * other pairs, so the fuzzer starts next to a valid signature.
 */
class CookieHeaderFuzzTest {
    static final String ID = "fuzzed-cookie-session";
    private static final byte[] CURRENT = "cookie fuzz secret, the current one".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLDER = "cookie fuzz secret, an older one".getBytes(StandardCharsets.UTF_8);
    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-11-25T19:35:34.893Z"));
    private static final MemoryStore STORE = MemoryStore.builder().clock(CLOCK).build();
    private static final SessionManager ENGINE = SessionManager.create(SessionConfig.builder()
            .secretKeys(List.of(CURRENT, OLDER)).store(STORE).clock(CLOCK).genid(r -> ID)
            .cookie(c -> c.maxAge(java.time.Duration.ofDays(365))).build());

    static {
        try (RequestScope scope = ENGINE.open(FakeExchange.get("/"))) {
            scope.session().put("views", 1);
            scope.commit();
        }
    }

    @FuzzTest(maxExecutions = 30_000)
    @DictionaryEntries({"connect.sid=", "s%3A", "s:", ";", "; ", "=", "\"", "%", "%25", "%E0%A4%A", "\t",
            "fuzzed-cookie-session", "."})
    void anyCookieHeadersOpenARequestAndOnlyAValidSignatureLoadsTheSession(byte[] input) {
        FakeExchange exchange = FakeExchange.get("/");
        for (String header : new String(input, StandardCharsets.UTF_8).split("\n", 16)) {
            exchange.cookie(header);
        }
        try (RequestScope scope = ENGINE.open(exchange)) {
            scope.requestedSessionId().ifPresent(id -> assertEquals(ID, id, "only a signed id can be claimed"));
            scope.existingSession().ifPresent(s -> assertEquals(ID, s.id(), "only the signed session loads"));
            scope.commit();
        }
        SetCookieFuzzTest.checkWellFormed(exchange.setCookies());
        assertTrue(STORE.get(ID).isPresent(), "a request without changes leaves the session in place");
    }
}
