package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.CookieOptions;
import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code Set-Cookie} must be byte-identical to what express-session 1.19 (cookie 0.7.2 {@code serialize})
 * writes: reference §7.3. The all-attribute expectations were printed by {@code cookie.serialize}.
 */
class SetCookieHeaderTest {
    private static final String SID = "48aYyseBWdLqalF58ABLgd5S2Jn1fRhY";
    private static final String SIGNED_VALUE =
            "s%3A48aYyseBWdLqalF58ABLgd5S2Jn1fRhY.TWKf5Ij66tpJw181iLen1SrSvnEVOaGxWzQUdDAX01A";
    /** One minute before the expiry of the real header in reference §7.3. */
    private static final Instant NOW = Instant.parse("2026-11-25T19:35:34.893Z");

    private final MutableClock clock = MutableClock.at(NOW);

    /** The cookie's value before encoding: format encodes it, as the cookie package's serialize does. */
    private static String signedValue(String id) {
        CookieSigner signer = new CookieSigner(List.of("keyboard cat".getBytes(StandardCharsets.UTF_8)));
        return "s:" + signer.sign(id);
    }

    private CookieState cookie(CookieOptions options, boolean secureRequest) {
        return CookieState.create(options, secureRequest, clock);
    }

    @Test
    void writesTheRealExpressSessionHeaderByteForByte() {
        CookieOptions options = CookieOptions.create(c -> c.maxAge(Duration.ofMillis(60000)).sameSite(SameSite.LAX)
                .secure(Secure.NEVER).domain("example.com").priority(Priority.HIGH).partitioned(false));

        String header = SetCookieHeader.format("connect.sid", signedValue(SID), cookie(options, false), false, NOW);

        assertThat(header).isEqualTo("connect.sid=" + SIGNED_VALUE
                + "; Domain=example.com; Path=/; Expires=Wed, 25 Nov 2026 19:36:34 GMT; HttpOnly; Priority=High;"
                + " SameSite=Lax");
    }

    @Test
    void writesABrowserSessionCookieWithTheDefaults() {
        String header = SetCookieHeader.format("connect.sid", signedValue(SID), cookie(CookieOptions.defaults(), false),
                false, NOW);

        assertThat(header).isEqualTo("connect.sid=" + SIGNED_VALUE + "; Path=/; HttpOnly");
    }

    @Test
    void writesEveryAttributeInTheOrderOfTheCookiePackage() {
        CookieOptions options = CookieOptions.create(c -> c.maxAge(Duration.ofHours(1)).domain(".example.com")
                .path("/app").secure(Secure.ALWAYS).partitioned(true).priority(Priority.LOW).sameSite(SameSite.NONE)
                .maxAgeAttribute(true));

        String header = SetCookieHeader.format("connect.sid", "s:v", cookie(options, true), true, NOW);

        assertThat(header).isEqualTo("connect.sid=s%3Av; Max-Age=3600; Domain=.example.com; Path=/app;"
                + " Expires=Wed, 25 Nov 2026 20:35:34 GMT; HttpOnly; Secure; Partitioned; Priority=Low; SameSite=None");
    }

    @Test
    void leavesOutHttpOnlyWhenOffAndWritesStrictAndMedium() {
        CookieOptions options = CookieOptions.create(c -> c.httpOnly(false).sameSite(SameSite.STRICT)
                .priority(Priority.MEDIUM));

        String header = SetCookieHeader.format("connect.sid", "s:v", cookie(options, false), false, NOW);

        assertThat(header).isEqualTo("connect.sid=s%3Av; Path=/; Priority=Medium; SameSite=Strict");
    }

    @Test
    void writesMaxAgeOnlyWhenAsked() {
        CookieState cookie = cookie(CookieOptions.create(c -> c.maxAge(Duration.ofMinutes(1))), false);

        assertThat(SetCookieHeader.format("sid", "v", cookie, false, NOW)).doesNotContain("Max-Age");
        assertThat(SetCookieHeader.format("sid", "v", cookie, true, NOW)).startsWith("sid=v; Max-Age=60; Path=/;");
    }

    @Test
    void writesNoMaxAgeForABrowserSessionCookieEvenWhenAsked() {
        CookieState cookie = cookie(CookieOptions.defaults(), false);

        assertThat(SetCookieHeader.format("sid", "v", cookie, true, NOW)).isEqualTo("sid=v; Path=/; HttpOnly");
    }

    @Test
    void countsMaxAgeInWholeSecondsLeftAndNeverBelowZero() {
        CookieState cookie = cookie(CookieOptions.create(c -> c.maxAge(Duration.ofMinutes(1))), false);

        assertThat(SetCookieHeader.format("sid", "v", cookie, true, NOW.plusMillis(1500)))
                .contains("; Max-Age=58;");
        assertThat(SetCookieHeader.format("sid", "v", cookie, true, NOW.plusSeconds(61)))
                .contains("; Max-Age=0;");
    }

    @Test
    void writesTheExpiredHeaderWithAnEmptyValueAndTheEpoch() {
        CookieOptions options = CookieOptions.create(c -> c.maxAge(Duration.ofMillis(60000)).sameSite(SameSite.LAX)
                .secure(Secure.NEVER).domain("example.com").priority(Priority.HIGH).partitioned(false));

        assertThat(SetCookieHeader.expired("connect.sid", cookie(options, false))).isEqualTo(
                "connect.sid=; Domain=example.com; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly;"
                        + " Priority=High; SameSite=Lax");
        assertThat(SetCookieHeader.expired("connect.sid", cookie(CookieOptions.defaults(), false)))
                .isEqualTo("connect.sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly");
    }

    @Test
    void writesTheExpiredHeaderForTheCookiesOwnPathAndDomainSoTheBrowserDropsTheRightOne() {
        CookieState cookie = cookie(CookieOptions.create(c -> c.path("/app").domain("example.org")
                .secure(Secure.ALWAYS).sameSite(SameSite.NONE)), true);

        assertThat(SetCookieHeader.expired("sid", cookie)).isEqualTo(
                "sid=; Domain=example.org; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure;"
                        + " SameSite=None");
    }

    @Test
    void writesTheDayOfMonthWithTwoDigits() {
        clock.set(Instant.parse("2026-03-05T01:01:03Z"));
        CookieState cookie = cookie(CookieOptions.create(c -> c.maxAge(Duration.ofMinutes(1))), false);

        // new Date(Date.UTC(2026, 2, 5, 1, 2, 3)).toUTCString()
        assertThat(SetCookieHeader.format("sid", "v", cookie, false, clock.instant()))
                .isEqualTo("sid=v; Path=/; Expires=Thu, 05 Mar 2026 01:02:03 GMT; HttpOnly");
        assertThat(HttpDates.expiresAttribute(Instant.EPOCH)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    }

    @Test
    void dropsMillisecondsFromExpiresWithoutRounding() {
        assertThat(HttpDates.expiresAttribute(Instant.parse("2026-11-25T19:36:34.999Z")))
                .isEqualTo("Wed, 25 Nov 2026 19:36:34 GMT");
    }

    @Test
    void writesTheExpiryTheApplicationSetLater() {
        CookieState cookie = cookie(CookieOptions.defaults(), false);
        cookie.maxAge(Duration.ofDays(30));

        assertThat(SetCookieHeader.format("sid", "v", cookie, false, NOW))
                .isEqualTo("sid=v; Path=/; Expires=Fri, 25 Dec 2026 19:35:34 GMT; HttpOnly");
    }
}
