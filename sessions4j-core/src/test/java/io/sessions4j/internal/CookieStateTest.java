package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessions4j.CookieOptions;
import io.sessions4j.Priority;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link CookieState} against express-session's {@code test/cookie.js} (reference §8.2) and the stored form
 * of reference §7.4.
 *
 * <p>Three cookie.js tests have no Java counterpart, because the typed API makes the wrong input impossible:
 * "should reject non-objects" ({@link CookieOptions} is the only options type), "should ignore the data
 * option" (there is no {@code data} option) and "maxAge should reject invalid types" ({@code maxAge} takes a
 * {@link Duration}). "maxAge should accept Date object" is {@link CookieState#expires(Instant)}.
 */
class CookieStateTest {
    private static final ObjectMapper MAPPER = SessionJson.defaultMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T19:35:34.893Z");

    private final MutableClock clock = MutableClock.at(NOW);

    private CookieState create(CookieOptions options) {
        return CookieState.create(options, false, clock);
    }

    private CookieState create(Consumer<CookieOptions.Builder> spec) {
        return create(CookieOptions.create(spec));
    }

    private CookieState read(String json) {
        try {
            return CookieState.fromJson(MAPPER.readTree(json), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(CookieState cookie) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
            cookie.writeJson(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Nested
    class NewCookie {
        @Test
        void defaultsExpiresToNull() {
            assertThat(create(CookieOptions.defaults()).expires()).isEmpty();
        }

        @Test
        void defaultsHttpOnlyToTrue() {
            assertThat(create(CookieOptions.defaults()).httpOnly()).isTrue();
        }

        @Test
        void defaultsPathToSlash() {
            assertThat(create(CookieOptions.defaults()).path()).isEqualTo("/");
        }

        @Test
        void defaultsMaxAgeToNull() {
            CookieState cookie = create(CookieOptions.defaults());

            assertThat(cookie.maxAge()).isEmpty();
            assertThat(cookie.originalMaxAge()).isEmpty();
        }

        @Test
        void leavesEveryOtherAttributeUnset() {
            CookieState cookie = create(CookieOptions.defaults());

            assertThat(cookie.domain()).isEmpty();
            assertThat(cookie.secure()).isFalse();
            assertThat(cookie.sameSite()).isEmpty();
            assertThat(cookie.priority()).isEmpty();
            assertThat(cookie.partitioned()).isFalse();
            assertThat(cookie.changed()).isFalse();
        }
    }

    @Nested
    class WithOptions {
        @Test
        void expiresSetsExpires() {
            Instant when = NOW.plus(Duration.ofHours(1));

            assertThat(create(c -> c.expires(when)).expires()).contains(when);
        }

        @Test
        void expiresSetsMaxAgeToTheTimeLeft() {
            CookieState cookie = create(c -> c.expires(NOW.plus(Duration.ofHours(1))));

            assertThat(cookie.maxAge()).contains(Duration.ofHours(1));
            assertThat(cookie.originalMaxAge()).contains(Duration.ofHours(1));
            clock.advance(Duration.ofSeconds(10));
            assertThat(cookie.maxAge()).contains(Duration.ofHours(1).minusSeconds(10));
        }

        @Test
        void httpOnlyFalseIsKept() {
            assertThat(create(c -> c.httpOnly(false)).httpOnly()).isFalse();
        }

        @Test
        void maxAgeSetsExpiresFromNow() {
            assertThat(create(c -> c.maxAge(Duration.ofMillis(60000))).expires()).contains(NOW.plusMillis(60000));
        }

        @Test
        void maxAgeSetsMaxAge() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMillis(60000)));

            assertThat(cookie.maxAge()).contains(Duration.ofMillis(60000));
            assertThat(cookie.originalMaxAge()).contains(Duration.ofMillis(60000));
        }

        @Test
        void maxAgeCountsDownAndGoesNegativeOncePast() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMillis(60000)));

            clock.advance(Duration.ofSeconds(61));

            assertThat(cookie.maxAge()).contains(Duration.ofSeconds(-1));
            assertThat(cookie.originalMaxAge()).contains(Duration.ofMillis(60000));
        }

        @Test
        void partitionedIsKept() {
            assertThat(create(c -> c.partitioned(true)).partitioned()).isTrue();
        }

        @Test
        void pathIsKept() {
            assertThat(create(c -> c.path("/foo")).path()).isEqualTo("/foo");
        }

        @Test
        void priorityIsKept() {
            assertThat(create(c -> c.priority(Priority.HIGH)).priority()).contains(Priority.HIGH);
        }

        @Test
        void domainSecureAndSameSiteAreKept() {
            CookieState cookie = create(c -> c.domain("example.com").secure(Secure.ALWAYS).sameSite(SameSite.STRICT));

            assertThat(cookie.domain()).contains("example.com");
            assertThat(cookie.secure()).isTrue();
            assertThat(cookie.sameSite()).contains(SameSite.STRICT);
        }
    }

    @Nested
    class AutoResolution {
        private final CookieOptions auto = CookieOptions.create(c -> c.secure(Secure.AUTO).sameSite(SameSite.AUTO));

        @Test
        void makesTheCookieSecureAndSameSiteNoneOnASecureRequest() {
            CookieState cookie = CookieState.create(auto, true, clock);

            assertThat(cookie.secure()).isTrue();
            assertThat(cookie.sameSite()).contains(SameSite.NONE);
            assertThat(SetCookieHeader.format("sid", "v", cookie, false, NOW))
                    .isEqualTo("sid=v; Path=/; HttpOnly; Secure; SameSite=None");
        }

        @Test
        void makesTheCookieNotSecureAndSameSiteLaxOnAnInsecureRequest() {
            CookieState cookie = CookieState.create(auto, false, clock);

            assertThat(cookie.secure()).isFalse();
            assertThat(cookie.sameSite()).contains(SameSite.LAX);
            assertThat(SetCookieHeader.format("sid", "v", cookie, false, NOW))
                    .isEqualTo("sid=v; Path=/; HttpOnly; SameSite=Lax");
        }

        @Test
        void storesTheResolvedValuesNotAuto() {
            assertThat(json(CookieState.create(auto, false, clock)))
                    .isEqualTo("{\"originalMaxAge\":null,\"expires\":null,\"secure\":false,\"httpOnly\":true,"
                            + "\"path\":\"/\",\"sameSite\":\"lax\"}");
            assertThat(json(CookieState.create(auto, true, clock)))
                    .isEqualTo("{\"originalMaxAge\":null,\"expires\":null,\"secure\":true,\"httpOnly\":true,"
                            + "\"path\":\"/\",\"sameSite\":\"none\"}");
        }

        @Test
        void writesSecureNeverAsFalseAndAlwaysAsTrueWhateverTheRequest() {
            assertThat(CookieState.create(CookieOptions.create(c -> c.secure(Secure.NEVER)), true, clock).secure())
                    .isFalse();
            assertThat(CookieState.create(CookieOptions.create(c -> c.secure(Secure.ALWAYS)), false, clock).secure())
                    .isTrue();
        }

        @Test
        void refusesAutoInTheSameSiteSetter() {
            CookieState cookie = create(c -> c.sameSite(SameSite.LAX));

            assertThatThrownBy(() -> cookie.sameSite(SameSite.AUTO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cookie.sameSite");
            assertThat(cookie.sameSite()).contains(SameSite.LAX);
            assertThat(cookie.changed()).isFalse();
        }
    }

    @Nested
    class StoredForm {
        @Test
        void writesExpressKeyOrderWithEveryField() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMillis(60000)).sameSite(SameSite.LAX)
                    .secure(Secure.NEVER).domain("example.com").priority(Priority.HIGH).partitioned(false));

            assertThat(json(cookie)).isEqualTo("{\"originalMaxAge\":60000,\"partitioned\":false,\"priority\":\"high\","
                    + "\"expires\":\"2026-11-25T19:36:34.893Z\",\"secure\":false,\"httpOnly\":true,"
                    + "\"domain\":\"example.com\",\"path\":\"/\",\"sameSite\":\"lax\"}");
        }

        @Test
        void leavesOutUndefinedFieldsOfADefaultCookie() {
            assertThat(json(create(CookieOptions.defaults())))
                    .isEqualTo("{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}");
        }

        @Test
        void writesTheFirstRealRecordsCookie() {
            clock.set(Instant.parse("2026-11-25T19:37:40.551Z"));

            assertThat(json(create(c -> c.maxAge(Duration.ofMinutes(1)))))
                    .isEqualTo("{\"originalMaxAge\":60000,\"expires\":\"2026-11-25T19:38:40.551Z\",\"httpOnly\":true,"
                            + "\"path\":\"/\"}");
        }

        @Test
        void writesExpiresWithThreeFractionDigitsEvenWhenZero() {
            clock.set(Instant.parse("2026-01-01T00:00:00Z"));

            assertThat(json(create(c -> c.maxAge(Duration.ofMinutes(1)))))
                    .contains("\"expires\":\"2026-01-01T00:01:00.000Z\"");
        }

        @Test
        void dropsSubMillisecondPrecisionLikeAJavaScriptDate() {
            CookieState cookie = create(c -> c.expires(NOW.plusNanos(60_000_123_456L)));

            assertThat(cookie.expires()).contains(NOW.plusMillis(60_000));
            assertThat(json(cookie)).contains("\"originalMaxAge\":60000,").contains("\"expires\":\"2026-11-25T19:36:34.893Z\"");
        }

        @Test
        void readsBackWhatItWroteByteForByte() {
            String full = "{\"originalMaxAge\":60000,\"partitioned\":false,\"priority\":\"high\","
                    + "\"expires\":\"2026-11-25T19:36:34.893Z\",\"secure\":false,\"httpOnly\":true,"
                    + "\"domain\":\"example.com\",\"path\":\"/\",\"sameSite\":\"lax\"}";
            String empty = "{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}";

            assertThat(json(read(full))).isEqualTo(full);
            assertThat(json(read(empty))).isEqualTo(empty);
        }

        @Test
        void keepsTheStoredOriginalMaxAgeRatherThanRecomputingIt() {
            clock.advance(Duration.ofSeconds(30));

            CookieState cookie = read("{\"originalMaxAge\":60000,\"expires\":\"2026-11-25T19:36:34.893Z\","
                    + "\"httpOnly\":true,\"path\":\"/\"}");

            assertThat(cookie.originalMaxAge()).contains(Duration.ofMillis(60000));
            assertThat(cookie.maxAge()).contains(Duration.ofSeconds(30));
            assertThat(cookie.changed()).isFalse();
        }

        @Test
        void readsEveryFieldOfAFullRecord() {
            CookieState cookie = read("{\"originalMaxAge\":60000,\"partitioned\":true,\"priority\":\"low\","
                    + "\"expires\":\"2026-11-25T19:36:34.893Z\",\"secure\":true,\"httpOnly\":false,"
                    + "\"domain\":\"example.com\",\"path\":\"/app\",\"sameSite\":\"none\"}");

            assertThat(cookie.partitioned()).isTrue();
            assertThat(cookie.priority()).contains(Priority.LOW);
            assertThat(cookie.expires()).contains(Instant.parse("2026-11-25T19:36:34.893Z"));
            assertThat(cookie.secure()).isTrue();
            assertThat(cookie.httpOnly()).isFalse();
            assertThat(cookie.domain()).contains("example.com");
            assertThat(cookie.path()).isEqualTo("/app");
            assertThat(cookie.sameSite()).contains(SameSite.NONE);
        }
    }

    @Nested
    class LenientReading {
        @Test
        void readsSameSiteTrueAsStrict() {
            assertThat(read("{\"sameSite\":true}").sameSite()).contains(SameSite.STRICT);
            assertThat(read("{\"sameSite\":false}").sameSite()).isEmpty();
        }

        @Test
        void readsSameSiteAndPriorityInAnyCaseAndStoresThemLowerCase() {
            CookieState cookie = read("{\"sameSite\":\"LaX\",\"priority\":\"HIGH\"}");

            assertThat(cookie.sameSite()).contains(SameSite.LAX);
            assertThat(cookie.priority()).contains(Priority.HIGH);
            assertThat(json(cookie)).contains("\"priority\":\"high\"").contains("\"sameSite\":\"lax\"");
            assertThat(read("{\"sameSite\":\"STRICT\"}").sameSite()).contains(SameSite.STRICT);
            assertThat(read("{\"sameSite\":\"None\",\"priority\":\"Medium\"}").priority()).contains(Priority.MEDIUM);
        }

        @Test
        void ignoresUnknownSameSiteAndPriorityValues() {
            CookieState cookie = read("{\"sameSite\":\"sometimes\",\"priority\":\"urgent\"}");

            assertThat(cookie.sameSite()).isEmpty();
            assertThat(cookie.priority()).isEmpty();
        }

        @Test
        void fallsBackToDefaultsForWronglyTypedFields() {
            CookieState cookie = read("{\"originalMaxAge\":\"60000\",\"partitioned\":\"yes\",\"priority\":3,"
                    + "\"expires\":true,\"secure\":1,\"httpOnly\":\"no\",\"domain\":42,\"path\":[\"/\"],"
                    + "\"sameSite\":7}");

            assertThat(cookie.originalMaxAge()).isEmpty();
            assertThat(cookie.partitioned()).isFalse();
            assertThat(cookie.priority()).isEmpty();
            assertThat(cookie.expires()).isEmpty();
            assertThat(cookie.secure()).isFalse();
            assertThat(cookie.httpOnly()).isTrue();
            assertThat(cookie.domain()).isEmpty();
            assertThat(cookie.path()).isEqualTo("/");
            assertThat(cookie.sameSite()).isEmpty();
            assertThat(json(cookie)).isEqualTo("{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}");
        }

        @Test
        void readsAnEmptyCookieObjectAsTheDefaults() {
            assertThat(json(read("{}")))
                    .isEqualTo("{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}");
        }

        @Test
        void readsExpiresAsAnIsoString() {
            assertThat(read("{\"expires\":\"2026-11-25T19:36:34.893Z\"}").expires())
                    .contains(Instant.parse("2026-11-25T19:36:34.893Z"));
            assertThat(read("{\"expires\":\"2026-11-25T20:36:34.893+01:00\"}").expires())
                    .contains(Instant.parse("2026-11-25T19:36:34.893Z"));
            assertThat(read("{\"expires\":\"2026-11-25T19:36:34Z\"}").expires())
                    .contains(Instant.parse("2026-11-25T19:36:34Z"));
        }

        @Test
        void readsExpiresAsEpochMilliseconds() {
            assertThat(read("{\"expires\":1795635394893}").expires())
                    .contains(Instant.ofEpochMilli(1795635394893L));
        }

        @Test
        void readsAnUnparseableExpiresAsABrowserSessionCookie() {
            assertThat(read("{\"expires\":\"next tuesday\"}").expires()).isEmpty();
            assertThat(read("{\"expires\":null}").expires()).isEmpty();
        }

        @Test
        void refusesAnOriginalMaxAgeNoCookieCanHaveAsUnreadable() {
            for (String number : List.of("9223372036854775807", "1e308", "-1e308", "1e999",
                    "123456789012345678901234567890", "315537897600000")) {
                assertThatThrownBy(() -> read("{\"originalMaxAge\":" + number + "}")).as(number)
                        .isInstanceOf(SessionJson.CorruptSessionException.class)
                        .hasMessageContaining("originalMaxAge");
            }
        }

        @Test
        void readsAnyOriginalMaxAgeWithinTenThousandYearsAndDropsAFraction() {
            assertThat(read("{\"originalMaxAge\":315537897599999}").originalMaxAge())
                    .contains(Duration.ofMillis(315537897599999L));
            assertThat(read("{\"originalMaxAge\":-60000}").originalMaxAge()).contains(Duration.ofMinutes(-1));
            assertThat(read("{\"originalMaxAge\":1500.7}").originalMaxAge()).contains(Duration.ofMillis(1500));
            assertThat(read("{\"originalMaxAge\":3.6e6}").originalMaxAge()).contains(Duration.ofHours(1));
        }

        @Test
        void refusesAnExpiresOutsideYearsOneTo9999AsUnreadable() {
            for (String expires : List.of("\"+275760-09-13T00:00:00.000Z\"", "\"+10000-01-01T00:00:00.000Z\"",
                    "\"-000001-12-31T23:59:59.999Z\"", "8640000000000000", "-8640000000000000", "1e308")) {
                assertThatThrownBy(() -> read("{\"expires\":" + expires + "}")).as(expires)
                        .isInstanceOf(SessionJson.CorruptSessionException.class)
                        .hasMessageContaining("expires");
            }
            assertThat(read("{\"expires\":\"9999-12-31T23:59:59.999Z\"}").expires())
                    .contains(CookieRules.LATEST_EXPIRY);
            assertThat(read("{\"expires\":\"0001-01-01T00:00:00.000Z\"}").expires())
                    .contains(CookieRules.EARLIEST_EXPIRY);
        }
    }

    @Nested
    class ServerSideExpiryChanges {
        @Test
        void resetExpiryStartsAFullOriginalMaxAgeFromNow() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)));
            Instant later = NOW.plusSeconds(45);

            cookie.resetExpiry(later);

            assertThat(cookie.expires()).contains(later.plusSeconds(60));
            assertThat(cookie.originalMaxAge()).contains(Duration.ofMinutes(1));
            assertThat(cookie.changed()).isFalse();
        }

        @Test
        void resetExpiryNeverGoesPastTheYear9999() {
            CookieState cookie = read("{\"originalMaxAge\":315537897599999}");

            cookie.resetExpiry(NOW);

            assertThat(cookie.expires()).contains(CookieRules.LATEST_EXPIRY);
        }

        @Test
        void resetExpiryLeavesABrowserSessionCookieWithoutExpiry() {
            CookieState cookie = create(CookieOptions.defaults());

            cookie.resetExpiry(NOW.plusSeconds(45));

            assertThat(cookie.expires()).isEmpty();
        }

        @Test
        void capExpiryMovesALaterExpiryBackToTheDeadline() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofHours(1)));

            cookie.capExpiry(NOW.plusSeconds(10));

            assertThat(cookie.expires()).contains(NOW.plusSeconds(10));
            assertThat(cookie.changed()).isFalse();
        }

        @Test
        void capExpiryLeavesAnEarlierExpiryAndABrowserSessionCookieAlone() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)));
            CookieState browser = create(CookieOptions.defaults());

            cookie.capExpiry(NOW.plus(Duration.ofHours(1)));
            browser.capExpiry(NOW.plusSeconds(10));

            assertThat(cookie.expires()).contains(NOW.plusSeconds(60));
            assertThat(browser.expires()).isEmpty();
        }

        @Test
        void extendExpiryMovesAnEarlierExpiryLaterToTheStoresExpiry() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)));

            cookie.extendExpiry(NOW.plusSeconds(90));

            assertThat(cookie.expires()).contains(NOW.plusSeconds(90));
            assertThat(cookie.changed()).isFalse();
        }

        @Test
        void extendExpiryNeverShortensAndLeavesABrowserSessionCookieAlone() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)));
            CookieState browser = create(CookieOptions.defaults());

            cookie.extendExpiry(NOW.plusSeconds(30));
            browser.extendExpiry(NOW.plusSeconds(30));

            assertThat(cookie.expires()).contains(NOW.plusSeconds(60));
            assertThat(browser.expires()).isEmpty();
        }
    }

    @Nested
    class ApplicationChanges {
        @Test
        void everySetterMarksTheCookieChanged() {
            List<Consumer<CookieState>> setters = List.of(
                    c -> c.maxAge(Duration.ofDays(30)), c -> c.maxAge(null), c -> c.expires(NOW.plusSeconds(5)),
                    c -> c.expires(null), c -> c.path("/x"), c -> c.domain("example.com"), c -> c.domain(null),
                    c -> c.httpOnly(false), c -> c.secure(true), c -> c.sameSite(SameSite.STRICT),
                    c -> c.sameSite(null), c -> c.partitioned(true), c -> c.priority(Priority.LOW),
                    c -> c.priority(null));

            for (Consumer<CookieState> setter : setters) {
                CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)).domain("other.example")
                        .sameSite(SameSite.LAX).priority(Priority.HIGH));
                setter.accept(cookie);
                assertThat(cookie.changed()).isTrue();
            }
        }

        @Test
        void settingAnAttributeToItsCurrentValueIsNotAChange() {
            List<Consumer<CookieState>> setters = List.of(
                    c -> c.maxAge(null), c -> c.expires(null), c -> c.path("/"), c -> c.domain(null),
                    c -> c.httpOnly(true), c -> c.sameSite(null), c -> c.priority(null));

            for (Consumer<CookieState> setter : setters) {
                CookieState cookie = create(CookieOptions.defaults());
                setter.accept(cookie);
                assertThat(cookie.changed()).isFalse();
            }
        }

        @Test
        void clearChangedForgetsEarlierChanges() {
            CookieState cookie = create(CookieOptions.defaults());
            cookie.httpOnly(false);

            cookie.clearChanged();

            assertThat(cookie.changed()).isFalse();
            assertThat(cookie.httpOnly()).isFalse();
        }

        @Test
        void maxAgeSetterRestartsTheLifetimeFromNow() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)));
            clock.advance(Duration.ofSeconds(20));

            cookie.maxAge(Duration.ofDays(30));

            assertThat(cookie.expires()).contains(NOW.plusSeconds(20).plus(Duration.ofDays(30)));
            assertThat(cookie.originalMaxAge()).contains(Duration.ofDays(30));
        }

        @Test
        void nullMaxAgeOrExpiresMakesABrowserSessionCookie() {
            CookieState a = create(c -> c.maxAge(Duration.ofMinutes(1)));
            CookieState b = create(c -> c.maxAge(Duration.ofMinutes(1)));

            a.maxAge(null);
            b.expires(null);

            assertThat(json(a)).isEqualTo("{\"originalMaxAge\":null,\"expires\":null,\"httpOnly\":true,\"path\":\"/\"}");
            assertThat(json(b)).isEqualTo(json(a));
        }

        @Test
        void expiresSetterAcceptsAnInstantAsMaxAgeAcceptsADate() {
            CookieState cookie = create(CookieOptions.defaults());
            Instant when = NOW.plus(Duration.ofHours(2));

            cookie.expires(when);

            assertThat(cookie.expires()).contains(when);
            assertThat(cookie.originalMaxAge()).contains(Duration.ofHours(2));
        }

        @Test
        void refusesAnInvalidPathOrDomainWithoutChangingAnything() {
            CookieState cookie = create(CookieOptions.defaults());

            assertThatThrownBy(() -> cookie.path("no-slash")).hasMessageContaining("cookie.path");
            assertThatThrownBy(() -> cookie.path("/a;b")).hasMessageContaining("cookie.path");
            assertThatThrownBy(() -> cookie.domain("bad domain")).hasMessageContaining("cookie.domain");
            assertThat(cookie.path()).isEqualTo("/");
            assertThat(cookie.domain()).isEmpty();
            assertThat(cookie.changed()).isFalse();
        }

        @Test
        void refusesALifetimeOrExpiryBeyondTheRangeOfDatesWithoutChangingAnything() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)));
            String before = json(cookie);

            assertThatThrownBy(() -> cookie.maxAge(Duration.ofDays(4_000_000))).hasMessageContaining("cookie.maxAge");
            assertThatThrownBy(() -> cookie.maxAge(Duration.ofSeconds(Long.MIN_VALUE)))
                    .hasMessageContaining("cookie.maxAge");
            assertThatThrownBy(() -> cookie.expires(Instant.MAX)).hasMessageContaining("cookie.expires");
            assertThatThrownBy(() -> cookie.expires(Instant.parse("+10000-01-01T00:00:00Z")))
                    .hasMessageContaining("cookie.expires");
            assertThat(json(cookie)).isEqualTo(before);
            assertThat(cookie.changed()).isFalse();
        }

        @Test
        void runsTheGuardBeforeEveryRealChangeSoACommittedSessionCanRefuseIt() {
            CookieState cookie = create(CookieOptions.defaults());
            cookie.guard(real -> {
                if (real) {
                    throw new IllegalStateException("committed");
                }
            });

            assertThatThrownBy(() -> cookie.httpOnly(false)).hasMessage("committed");
            assertThatThrownBy(() -> cookie.maxAge(Duration.ofDays(1))).hasMessage("committed");
            assertThat(cookie.httpOnly()).isTrue();
            assertThat(cookie.expires()).isEmpty();
            assertThat(cookie.changed()).isFalse();
        }

        @Test
        void tellsTheGuardWhenASetterChangesNothing() {
            CookieState cookie = create(CookieOptions.defaults());
            java.util.List<Boolean> seen = new java.util.ArrayList<>();
            cookie.guard(seen::add);

            cookie.httpOnly(true).path("/").sameSite(null).httpOnly(false);

            assertThat(seen).containsExactly(false, false, false, true);
            assertThat(cookie.changed()).isTrue();
        }

        @Test
        void copyIsIndependentAndKeepsTheChangedFlag() {
            CookieState cookie = create(c -> c.maxAge(Duration.ofMinutes(1)).domain("example.com"));
            cookie.priority(Priority.HIGH);

            CookieState copy = cookie.copy();
            copy.path("/other");

            assertThat(copy.changed()).isTrue();
            assertThat(cookie.path()).isEqualTo("/");
            assertThat(json(copy)).isEqualTo(json(cookie).replace("\"path\":\"/\"", "\"path\":\"/other\""));
            assertThat(copy.domain()).contains("example.com");
        }
    }
}
