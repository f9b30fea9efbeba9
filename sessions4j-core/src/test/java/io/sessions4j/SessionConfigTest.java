package io.sessions4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import io.sessions4j.spi.StoredSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SessionConfig#builder()} refuses every invalid option at {@code build()}, naming it, so a configuration
 * that builds never fails a request on account of its own values.
 */
class SessionConfigTest {
    private static final String SECRET = "a secret that is at least 32 bytes long";

    private static SessionConfig.Builder valid() {
        return SessionConfig.builder().secrets(SECRET);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(UnaryOperator<SessionConfig.Builder> change,
            String option) {
        return assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(option + ":");
    }

    @Test
    void hasExpressSessionsDefaultsAndTheDeliberateDifferences() {
        SessionConfig config = valid().build();

        assertThat(config.name()).isEqualTo("connect.sid");
        assertThat(config.resave()).isFalse();
        assertThat(config.saveUninitialized()).isFalse();
        assertThat(config.rolling()).isFalse();
        assertThat(config.unset()).isEqualTo(Unset.KEEP);
        assertThat(config.proxy()).isEqualTo(TrustProxy.CONTAINER);
        assertThat(config.store()).isInstanceOf(MemoryStore.class);
        assertThat(config.touchAfter()).isEqualTo(Duration.ZERO);
        assertThat(config.maxLifetime()).isEmpty();
        assertThat(config.browserSessionTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(config.storeCreationTime()).isTrue();
        assertThat(config.objectMapper()).isEmpty();
        assertThat(config.allowedTypes()).isEmpty();
        assertThat(config.jacksonModules()).isEmpty();
        assertThat(config.limits().maxSessionBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(config.limits().maxNestingDepth()).isEqualTo(1000);
        assertThat(config.limits().maxStringLength()).isEqualTo(20_000_000);
    }

    @Test
    void keepsTheTypesAndModulesGivenInOrder() {
        com.fasterxml.jackson.databind.module.SimpleModule module = new com.fasterxml.jackson.databind.module.SimpleModule("m");
        SessionConfig config = valid().allowTypes("com.example.", "org.other.Point").allowTypes(Instant.class)
                .jacksonModules(module).limits(l -> l.maxSessionBytes(65536).maxNestingDepth(64)).build();

        assertThat(config.allowedTypes()).containsExactly("com.example.", "org.other.Point", "java.time.Instant");
        assertThat(config.jacksonModules()).containsExactly(module);
        assertThat(config.limits().maxSessionBytes()).isEqualTo(65536);
        assertThat(config.limits().maxNestingDepth()).isEqualTo(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.", "java.util.", "", "com.example.*"})
    void refusesAllowTypesThatAreTooBroadOrNotNames(String entry) {
        assertRefused(b -> b.allowTypes(entry), "allowTypes");
    }

    @Test
    void refusesLimitsTooSmallToHoldASession() {
        assertThatThrownBy(() -> valid().limits(l -> l.maxSessionBytes(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("limits.maxSessionBytes:");
        assertThatThrownBy(() -> valid().limits(l -> l.maxNestingDepth(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("limits.maxNestingDepth:");
    }

    @Test
    void defaultsTheCookieToAnHttpOnlyBrowserSessionCookieForTheWholeSite() {
        SessionConfig config = valid().build();

        CookieOptions cookie = config.fixedCookie().orElseThrow();
        assertThat(cookie.httpOnly()).isTrue();
        assertThat(cookie.path()).isEqualTo("/");
        assertThat(cookie.maxAge()).isEmpty();
        assertThat(cookie.expires()).isEmpty();
        assertThat(cookie.secure()).isEmpty();
        assertThat(cookie.sameSite()).isEmpty();
        assertThat(cookie.domain()).isEmpty();
        assertThat(config.cookie().apply(null)).isSameAs(cookie);
    }

    @Test
    void generatesUidSafeIdsByDefault() {
        SessionConfig config = valid().build();

        String a = config.genid().apply(null);
        String b = config.genid().apply(null);

        assertThat(a).hasSize(32).matches("[A-Za-z0-9_-]{32}");
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void keepsEveryOptionGiven() {
        MemoryStore store = new MemoryStore();
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        SessionConfig config = SessionConfig.builder().secrets("new secret", "old secret").name("sid").store(store)
                .proxy(TrustProxy.HEADER).resave(true).saveUninitialized(true).rolling(true).unset(Unset.DESTROY)
                .touchAfter(Duration.ofMinutes(1)).maxLifetime(Duration.ofHours(8))
                .browserSessionTtl(Duration.ofHours(2)).clock(clock).genid(r -> "fixed")
                .cookie(c -> c.maxAge(Duration.ofMinutes(30)).sameSite(SameSite.LAX)).build();

        assertThat(config.name()).isEqualTo("sid");
        assertThat(config.store()).isSameAs(store);
        assertThat(config.proxy()).isEqualTo(TrustProxy.HEADER);
        assertThat(config.resave()).isTrue();
        assertThat(config.saveUninitialized()).isTrue();
        assertThat(config.rolling()).isTrue();
        assertThat(config.unset()).isEqualTo(Unset.DESTROY);
        assertThat(config.touchAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.maxLifetime()).contains(Duration.ofHours(8));
        assertThat(config.browserSessionTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(config.clock()).isSameAs(clock);
        assertThat(config.genid().apply(null)).isEqualTo("fixed");
        assertThat(config.fixedCookie().orElseThrow().maxAge()).contains(Duration.ofMinutes(30));
    }

    @Test
    void usesACookieFunctionInsteadOfFixedOptions() {
        CookieOptions perRequest = CookieOptions.create(c -> c.path("/app"));

        SessionConfig config = valid().cookiePerRequest(request -> perRequest).build();

        assertThat(config.fixedCookie()).isEmpty();
        assertThat(config.cookie().apply(null)).isSameAs(perRequest);
    }

    @Test
    void keepsSecretsAsUtf8BytesInOrderAndHandsOutCopies() {
        SessionConfig config = SessionConfig.builder().secrets("clé", "old").build();

        List<byte[]> secrets = config.secrets();
        assertThat(secrets).hasSize(2);
        assertThat(secrets.get(0)).isEqualTo("clé".getBytes(StandardCharsets.UTF_8));
        assertThat(secrets.get(1)).isEqualTo("old".getBytes(StandardCharsets.UTF_8));

        secrets.get(0)[0] = 'X';
        assertThat(config.secrets().get(0)).isEqualTo("clé".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void copiesRawSecretKeysSoTheCallerCannotChangeThemLater() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        SessionConfig config = SessionConfig.builder().secretKeys(List.of(key)).build();

        key[0] = 0;

        assertThat(config.secrets().get(0)[0]).isEqualTo((byte) 7);
    }

    @Test
    void replacesEarlierSecretsRatherThanAddingToThem() {
        SessionConfig config = SessionConfig.builder().secrets("first").secrets("second").build();

        assertThat(config.secrets()).hasSize(1);
        assertThat(config.secrets().get(0)).isEqualTo("second".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect sid", "connect;sid", "sid=", "", "a,b", "séssion"})
    void refusesANameThatIsNotACookieToken(String name) {
        assertRefused(b -> b.name(name), "name").hasMessageContaining("'" + name + "'");
    }

    @Test
    void refusesANullName() {
        assertRefused(b -> b.name(null), "name");
    }

    @Test
    void requiresASecret() {
        assertThatThrownBy(() -> SessionConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secrets:");
        assertThatThrownBy(() -> SessionConfig.builder().secretKeys(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secrets:");
    }

    @Test
    void refusesAnEmptySecretNamingWhichOne() {
        assertThatThrownBy(() -> SessionConfig.builder().secrets("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secrets:")
                .hasMessageContaining("#1");
        assertThatThrownBy(() -> SessionConfig.builder().secrets(SECRET, "").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#2");
    }

    @Test
    void refusesANullSecret() {
        assertThatThrownBy(() -> SessionConfig.builder().secrets(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secrets:");
        assertThatThrownBy(() -> SessionConfig.builder().secrets(SECRET, (String) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secrets:");
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> SessionConfig.builder().secretKeys(withNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secrets:");
    }

    @Test
    void aMissingSecretSaysWhichSettingAndHowToSetIt() {
        // The README's .secrets(System.getenv("SESSION_SECRET")) with the variable unset.
        String unsetVariable = System.getenv("SESSIONS4J_TEST_VARIABLE_THAT_IS_NEVER_SET");
        assertThatThrownBy(() -> SessionConfig.builder().secrets(unsetVariable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secrets: the secret is null")
                .hasMessageContaining("environment variable")
                .hasMessageContaining("SessionConfig.builder().secrets(")
                .hasMessageContaining("SESSION_SECRET");
        // No secrets(...) call at all.
        assertThatThrownBy(() -> SessionConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("secrets: no secret")
                .hasMessageContaining("SessionConfig.builder().secrets(")
                .hasMessageContaining("SESSION_SECRET");
    }

    @Test
    void buildsWithAShortSecretButWarnsAboutIt() {
        String log = stderrDuring(() -> assertThat(SessionConfig.builder().secrets("keyboard cat").build()).isNotNull());

        assertThat(log).contains("WARN").contains("secrets").contains("#1").contains("12 bytes").contains("32");
    }

    @Test
    void doesNotWarnAboutALongEnoughSecret() {
        String log = stderrDuring(() -> SessionConfig.builder().secretKeys(List.of(new byte[32])).build());

        assertThat(log).doesNotContain("secrets");
    }

    @Test
    void refusesANegativeTouchAfter() {
        assertRefused(b -> b.touchAfter(Duration.ofSeconds(-1)), "touchAfter");
        assertRefused(b -> b.touchAfter(null), "touchAfter");
    }

    @Test
    void acceptsAZeroTouchAfter() {
        assertThat(valid().touchAfter(Duration.ZERO).build().touchAfter()).isZero();
    }

    @Test
    void refusesABrowserSessionTtlThatIsNotPositive() {
        assertRefused(b -> b.browserSessionTtl(Duration.ZERO), "browserSessionTtl");
        assertRefused(b -> b.browserSessionTtl(Duration.ofMinutes(-5)), "browserSessionTtl");
        assertRefused(b -> b.browserSessionTtl(null), "browserSessionTtl");
        assertRefused(b -> b.browserSessionTtl(Duration.ofSeconds(Long.MAX_VALUE)), "browserSessionTtl");
    }

    @Test
    void refusesALockTimeoutThatIsNotPositive() {
        assertRefused(b -> b.lockTimeout(Duration.ZERO), "lockTimeout");
        assertRefused(b -> b.lockTimeout(null), "lockTimeout");
    }

    @Test
    void refusesAMaxLifetimeThatIsNotPositive() {
        assertRefused(b -> b.maxLifetime(Duration.ZERO), "maxLifetime");
        assertRefused(b -> b.maxLifetime(Duration.ofHours(-1)), "maxLifetime");
        assertRefused(b -> b.maxLifetime(Duration.ofDays(5_000_000)), "maxLifetime");
    }

    @Test
    void refusesAMaxLifetimeWithoutTheStoredCreationTime() {
        assertRefused(b -> b.maxLifetime(Duration.ofHours(8)).storeCreationTime(false), "maxLifetime")
                .hasMessageContaining("storeCreationTime");
    }

    @Test
    void acceptsNoStoredCreationTimeWithoutAMaxLifetime() {
        assertThat(valid().storeCreationTime(false).build().storeCreationTime()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesFewerThanOneMergeAttempt(int attempts) {
        assertRefused(b -> b.mergeAttempts(attempts), "mergeAttempts").hasMessageContaining(String.valueOf(attempts));
    }

    @Test
    void refusesNullForRequiredObjects() {
        assertThatThrownBy(() -> valid().store(null)).isInstanceOf(NullPointerException.class).hasMessage("store");
        assertThatThrownBy(() -> valid().proxy(null)).hasMessage("proxy");
        assertThatThrownBy(() -> valid().unset(null)).hasMessage("unset");
        assertThatThrownBy(() -> valid().clock(null)).hasMessage("clock");
        assertThatThrownBy(() -> valid().genid(null)).hasMessage("genid");
    }

    @Test
    void refusesInvalidCookieOptionsNamingThem() {
        assertThatThrownBy(() -> valid().cookie(c -> c.path("admin")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.path:");
        assertThatThrownBy(() -> valid().cookie(c -> c.path("/a;b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.path:");
        assertThatThrownBy(() -> valid().cookie(c -> c.domain("not a domain")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.domain:");
        assertThatThrownBy(() -> valid().cookie(c -> c.maxAge(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.maxAge:");
        assertThatThrownBy(() -> valid().cookie(c -> c.maxAge(Duration.ofSeconds(-1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cookie.maxAge:");
    }

    @Test
    void givesTheDefaultMemoryStoreTheConfiguredClock() {
        Instant start = Instant.EPOCH; // long past by the system clock, so only the configured clock keeps the record alive
        SessionConfig config = valid().clock(Clock.fixed(start, ZoneOffset.UTC)).build();
        StoredSession record = new StoredSession("{\"cookie\":{}}",
                start.plusSeconds(60));

        config.store().set("id", record);

        assertThat(config.store().get("id")).isPresent();
    }

    private static String stderrDuring(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
