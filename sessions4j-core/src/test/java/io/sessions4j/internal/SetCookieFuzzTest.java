package io.sessions4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sessions4j.CookieOptions;
import io.sessions4j.MemoryStore;
import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.SessionConfig;
import io.sessions4j.spi.RequestScope;
import io.sessions4j.spi.SessionManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coverage-guided fuzzing (Jazzer) of {@code Set-Cookie} with hostile per-request cookie options
 * ({@code cookiePerRequest}): the options builder either refuses a value with {@link IllegalArgumentException}
 * or the request gets a well-formed header (known attributes only, no control characters, a real date, the
 * configured path and domain), and the cookie it sets brings the session back on the next request.
 */
class SetCookieFuzzTest {
    private static final Pattern PAIR = Pattern.compile("connect\\.sid=([\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*)");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "Max-Age=\\d+|Domain=[A-Za-z0-9.-]+|Path=/[\\x20-\\x3A\\x3C-\\x7E]*|Expires=[^;]+|HttpOnly|Secure"
                    + "|Partitioned|Priority=(Low|Medium|High)|SameSite=(Strict|Lax|None)");
    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-11-25T19:35:34.893Z"));
    private static final AtomicReference<CookieOptions> OPTIONS = new AtomicReference<>();
    private static final SessionManager ENGINE = SessionManager.create(SessionConfig.builder()
            .secrets("set-cookie fuzz secret, long enough").store(MemoryStore.builder().clock(CLOCK).build())
            .clock(CLOCK).cookiePerRequest(r -> OPTIONS.get()).build());

    @FuzzTest(maxExecutions = 30_000)
    void hostileCookieOptionsGiveAWellFormedSetCookieOrAClearRefusal(FuzzedDataProvider data) {
        CookieOptions options;
        try {
            options = options(data);
        } catch (IllegalArgumentException refused) {
            assertTrue(String.valueOf(refused.getMessage()).startsWith("cookie."), "the refusal names the option");
            return;
        }
        OPTIONS.set(options);
        String path = data.consumeBoolean() ? options.path() : "/" + data.consumeAsciiString(40);
        FakeExchange first = FakeExchange.get(path).secure(data.consumeBoolean());
        boolean available;
        try (RequestScope scope = ENGINE.open(first)) {
            available = scope.sessionAvailable();
            if (available) {
                scope.session().put("n", 1);
            }
            scope.commit();
        }
        checkWellFormed(first.setCookies());
        if (first.setCookies().isEmpty()) {
            return;
        }
        String header = first.setCookies().get(0);
        assertTrue(header.contains("; Path=" + options.path()), header);
        options.domain().ifPresent(d -> assertTrue(header.contains("; Domain=" + d + ";"), header));
        Instant expires = expires(header);
        if (expires == null || expires.isAfter(CLOCK.instant())) {
            FakeExchange second = FakeExchange.get(path).cookie(first.cookiePair()).secure(first.isSecure());
            try (RequestScope scope = ENGINE.open(second)) {
                assertEquals(1, scope.session().get("n", Integer.class).orElse(-1), "the cookie brings the session back");
                scope.commit();
            }
        }
    }

    private static CookieOptions options(FuzzedDataProvider data) {
        CookieOptions.Builder b = CookieOptions.builder();
        if (data.consumeBoolean()) {
            b.path(data.consumeBoolean() ? "/" + data.consumeString(60) : data.consumeString(60));
        }
        if (data.consumeBoolean()) {
            b.domain(data.consumeString(80));
        }
        switch (data.consumeInt(0, 3)) {
            case 1 -> b.maxAge(Duration.ofMillis(data.consumeLong()));
            case 2 -> b.maxAge(Duration.ofSeconds(data.consumeLong(), data.consumeInt(0, 999_999_999)));
            case 3 -> b.expires(Instant.ofEpochMilli(data.consumeLong()));
            default -> { }
        }
        b.httpOnly(data.consumeBoolean());
        b.secure(data.pickValue(new Secure[] {null, Secure.ALWAYS, Secure.NEVER, Secure.AUTO}));
        b.sameSite(data.pickValue(new SameSite[] {null, SameSite.STRICT, SameSite.LAX, SameSite.NONE, SameSite.AUTO}));
        b.priority(data.pickValue(new Priority[] {null, Priority.LOW, Priority.MEDIUM, Priority.HIGH}));
        b.partitioned(data.pickValue(new Boolean[] {null, true, false}));
        b.maxAgeAttribute(data.consumeBoolean());
        return b.build();
    }

    /** Every header is {@code connect.sid=<cookie-octets>} followed by known attributes, with a real date. */
    static void checkWellFormed(List<String> setCookies) {
        for (String header : setCookies) {
            String[] parts = header.split("; ", -1);
            if (!PAIR.matcher(parts[0]).matches()) {
                fail("bad name=value in " + header);
            }
            for (int i = 1; i < parts.length; i++) {
                Matcher m = ATTRIBUTE.matcher(parts[i]);
                if (!m.matches()) {
                    fail("bad attribute '" + parts[i] + "' in " + header);
                }
            }
            expires(header);
        }
    }

    /** The {@code Expires} attribute, which must parse as an HTTP date; null when absent. */
    private static Instant expires(String header) {
        int at = header.indexOf("; Expires=");
        if (at < 0) {
            return null;
        }
        int end = header.indexOf(';', at + 2);
        String date = header.substring(at + "; Expires=".length(), end < 0 ? header.length() : end);
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new AssertionError("Expires is not an HTTP date: " + header, e);
        }
    }
}
