package io.sessions4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cookie options check each value as it is set, naming the option, and default to express-session's cookie. */
class CookieOptionsTest {

    @Test
    void defaultsToAnHttpOnlyBrowserSessionCookieForTheWholeSite() {
        CookieOptions defaults = CookieOptions.defaults();

        assertThat(defaults.path()).isEqualTo("/");
        assertThat(defaults.httpOnly()).isTrue();
        assertThat(defaults.maxAge()).isEmpty();
        assertThat(defaults.expires()).isEmpty();
        assertThat(defaults.domain()).isEmpty();
        assertThat(defaults.secure()).isEmpty();
        assertThat(defaults.sameSite()).isEmpty();
        assertThat(defaults.partitioned()).isEmpty();
        assertThat(defaults.priority()).isEmpty();
        assertThat(defaults.maxAgeAttribute()).isFalse();
        assertThat(CookieOptions.builder().build()).isEqualTo(defaults);
    }

    @Test
    void keepsEveryValueSet() {
        Instant when = Instant.parse("2026-11-25T19:36:34.893Z");
        CookieOptions options = CookieOptions.builder().path("/app").domain("example.com").httpOnly(false)
                .secure(Secure.AUTO).sameSite(SameSite.STRICT).expires(when).partitioned(true).priority(Priority.LOW)
                .maxAgeAttribute(true).build();

        assertThat(options.path()).isEqualTo("/app");
        assertThat(options.domain()).contains("example.com");
        assertThat(options.httpOnly()).isFalse();
        assertThat(options.secure()).contains(Secure.AUTO);
        assertThat(options.sameSite()).contains(SameSite.STRICT);
        assertThat(options.expires()).contains(when);
        assertThat(options.partitioned()).contains(true);
        assertThat(options.priority()).contains(Priority.LOW);
        assertThat(options.maxAgeAttribute()).isTrue();
    }

    @Test
    void mapsSecureBooleansToAlwaysAndNever() {
        assertThat(CookieOptions.create(c -> c.secure(true)).secure()).contains(Secure.ALWAYS);
        assertThat(CookieOptions.create(c -> c.secure(false)).secure()).contains(Secure.NEVER);
        assertThat(CookieOptions.create(c -> c.secure(true).secure((Secure) null)).secure()).isEmpty();
    }

    @Test
    void letsTheLaterOfMaxAgeAndExpiresWin() {
        Instant when = Instant.parse("2026-11-25T19:36:34.893Z");

        CookieOptions maxAgeLast = CookieOptions.create(c -> c.expires(when).maxAge(Duration.ofMinutes(1)));
        CookieOptions expiresLast = CookieOptions.create(c -> c.maxAge(Duration.ofMinutes(1)).expires(when));

        assertThat(maxAgeLast.maxAge()).contains(Duration.ofMinutes(1));
        assertThat(maxAgeLast.expires()).isEmpty();
        assertThat(expiresLast.expires()).contains(when);
        assertThat(expiresLast.maxAge()).isEmpty();
    }

    @Test
    void acceptsANullMaxAgeAsABrowserSessionCookie() {
        assertThat(CookieOptions.create(c -> c.maxAge(Duration.ofMinutes(1)).maxAge(null)).maxAge()).isEmpty();
    }

    @Test
    void refusesAMaxAgeThatIsNotPositive() {
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.maxAge:");
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.maxAge:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "admin", "/a;b", "/a\r\nX: y", "/é"})
    void refusesAnInvalidPath(String path) {
        assertThatThrownBy(() -> CookieOptions.builder().path(path))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.path:");
    }

    @Test
    void refusesANullPath() {
        assertThatThrownBy(() -> CookieOptions.builder().path(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.path:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exa mple.com", "example.com;", "-bad.com", "a..b", "example.com:8080"})
    void refusesAnInvalidDomain(String domain) {
        assertThatThrownBy(() -> CookieOptions.builder().domain(domain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.domain:");
    }

    @Test
    void acceptsADomainWithALeadingDotAndNullForAHostOnlyCookie() {
        assertThat(CookieOptions.create(c -> c.domain(".example.com")).domain()).contains(".example.com");
        assertThat(CookieOptions.create(c -> c.domain("example.com").domain(null)).domain()).isEmpty();
    }

    @Test
    void rebuildsEqualOptionsFromToBuilder() {
        CookieOptions options = CookieOptions.create(c -> c.path("/app").domain("example.com").httpOnly(false)
                .secure(Secure.AUTO).sameSite(SameSite.AUTO).maxAge(Duration.ofHours(1)).partitioned(false)
                .priority(Priority.HIGH).maxAgeAttribute(true));

        CookieOptions copy = options.toBuilder().build();

        assertThat(copy).isEqualTo(options).hasSameHashCodeAs(options);
        assertThat(copy.toString()).isEqualTo(options.toString());
    }

    @Test
    void changingACopyLeavesTheOriginalAlone() {
        CookieOptions options = CookieOptions.create(c -> c.maxAge(Duration.ofHours(1)));

        CookieOptions changed = options.toBuilder().path("/other").build();

        assertThat(options.path()).isEqualTo("/");
        assertThat(changed.path()).isEqualTo("/other");
        assertThat(changed).isNotEqualTo(options);
    }

    @Test
    void isUnequalWhenAnyValueDiffers() {
        CookieOptions base = CookieOptions.defaults();

        assertThat(CookieOptions.create(c -> c.httpOnly(false))).isNotEqualTo(base);
        assertThat(CookieOptions.create(c -> c.maxAge(Duration.ofSeconds(1)))).isNotEqualTo(base);
        assertThat(CookieOptions.create(c -> c.partitioned(false))).isNotEqualTo(base);
        assertThat(CookieOptions.create(c -> c.maxAgeAttribute(true))).isNotEqualTo(base);
        assertThat(CookieOptions.create(c -> c.sameSite(SameSite.LAX)))
                .isNotEqualTo(CookieOptions.create(c -> c.sameSite(SameSite.STRICT)));
    }

    @Test
    void refusesALifetimeOrExpiryBeyondTheRangeOfDates() {
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.maxAge");
        assertThatThrownBy(() -> CookieOptions.builder().expires(Instant.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.expires");
        assertThatThrownBy(() -> CookieOptions.builder().expires(Instant.parse("0000-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie.expires");
        assertThat(CookieOptions.builder().maxAge(Duration.ofDays(3_650_000)).build().maxAge()).isPresent();
    }
}
