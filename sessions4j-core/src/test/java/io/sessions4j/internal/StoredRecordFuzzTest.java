package io.sessions4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sessions4j.MemoryStore;
import io.sessions4j.Session;
import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import io.sessions4j.spi.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Coverage-guided fuzzing (Jazzer) of what a store hands back: any bytes, read as a Redis client reads them
 * (UTF-8, malformed sequences replaced), hostile JSON included (deep nesting, huge numbers, wrong types,
 * duplicate keys). The engine either loads the session, writes it back readable and lets it be destroyed,
 * or treats the record as unreadable and starts a new session; logging out removes the record either way.
 * Nothing else may happen: no exception, no lock-out.
 *
 * <p>Regression inputs (the seeds and every finding) are the files in {@code StoredRecordFuzzTestInputs}.
 */
class StoredRecordFuzzTest {
    private static final String ID = "fuzzed-record";
    private static final byte[] SECRET = "stored record fuzz secret, long enough".getBytes(StandardCharsets.UTF_8);
    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-11-25T19:35:34.893Z"));
    private static final MemoryStore STORE = MemoryStore.builder().clock(CLOCK).build();
    private static final SessionManager ENGINE = SessionManager.create(SessionConfig.builder()
            .secretKeys(List.of(SECRET)).store(STORE).clock(CLOCK).build());
    private static final SessionJson JSON = new SessionJson(SessionJson.defaultMapper(),
            new ValueLimits(io.sessions4j.SessionLimits.defaults()));
    private static final String COOKIE = "connect.sid="
            + UriComponent.encode("s:" + new CookieSigner(List.of(SECRET)).sign(ID));

    @FuzzTest(maxExecutions = 30_000)
    @DictionaryEntries({"{\"cookie\":{", "\"originalMaxAge\":", "\"expires\":", "\"httpOnly\":", "\"path\":",
            "\"domain\":", "\"secure\":", "\"sameSite\":", "\"priority\":", "\"partitioned\":", "\"__sessions4j\":",
            "{\"created\":", "9223372036854775807", "-9223372036854775808", "1e308", "1e999", "-0", "0.5", "null",
            "true", "\"2026-11-25T19:35:34.893Z\"", "\"+275760-09-13T00:00:00.000Z\"", "\"\\ud800\"", "\"\\u0000\"",
            "[[[[[[[[", "]]]]]]]]", "{\"a\":{\"a\":{\"a\":", "\"lax\"", "\"HIGH\""})
    void anyStoredTextLoadsOrGivesANewSessionAndLogoutRemovesIt(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        boolean readable = readable(text);
        STORE.set(ID, new StoredSession(text, CLOCK.instant().plusSeconds(3600)));

        FakeExchange visit = FakeExchange.get("/").cookie(COOKIE);
        boolean expiresNow = false;
        try (RequestScope scope = ENGINE.open(visit)) {
            Session s = scope.session();
            assertEquals(readable, !s.isNew(), "a readable record loads, an unreadable one gives a new session");
            if (readable) {
                for (String key : s.keys()) {
                    s.get(key);
                }
                s.put("fuzz", 1);
                s.cookie().maxAge();
                // A lifetime of zero or less ends the session at this commit, as in express-session.
                expiresNow = s.cookie().originalMaxAge().map(d -> d.isNegative() || d.isZero()).orElse(false);
            }
            scope.commit();
        }
        SetCookieFuzzTest.checkWellFormed(visit.setCookies());
        if (readable) {
            Optional<StoredSession> written = STORE.get(ID);
            assertEquals(!expiresNow, written.isPresent(), "the loaded session was saved unless its cookie ended");
            assertTrue(written.map(w -> readable(w.json())).orElse(true), "what was written back reads again");
        }

        try (RequestScope scope = ENGINE.open(FakeExchange.get("/").cookie(COOKIE))) {
            scope.session().destroy();
            scope.commit();
        }
        assertTrue(STORE.get(ID).isEmpty(), "logout removes the record, readable or not");
    }

    private static boolean readable(String text) {
        try {
            JSON.parse(text, CLOCK);
            return true;
        } catch (SessionJson.CorruptSessionException e) {
            return false;
        }
    }
}
