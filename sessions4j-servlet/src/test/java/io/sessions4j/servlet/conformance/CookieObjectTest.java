package io.sessions4j.servlet.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessions4j.CookieOptions;
import io.sessions4j.Priority;
import io.sessions4j.SessionConfig;
import io.sessions4j.SessionCookie;
import io.sessions4j.servlet.SessionFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code test/cookie.js} ({@code new Cookie(options)}), through the filter: the cookie
 * object a new session gets from the configured {@link CookieOptions}, read with the public
 * {@link SessionCookie} API inside a real request.
 */
@DisplayName("new Cookie()")
class CookieObjectTest {
    private final TestClock clock = new TestClock();

    /** What a handler saw of its new session's cookie. */
    private record CookieView(boolean present, Optional<Instant> expires, Optional<Duration> maxAge,
            Optional<Duration> originalMaxAge, boolean httpOnly, String path, boolean partitioned,
            Optional<Priority> priority) {
        static CookieView of(SessionCookie c) {
            return new CookieView(c != null, c.expires(), c.maxAge(), c.originalMaxAge(), c.httpOnly(), c.path(),
                    c.partitioned(), c.priority());
        }
    }

    /** The cookie of a brand-new session under {@code options}, after {@code change} ran on it. */
    private CookieView newSessionCookie(CookieOptions options, Consumer<SessionCookie> change) {
        SessionConfig config = SessionConfig.builder().secrets(Express.SECRET).clock(clock).cookie(options).build();
        AtomicReference<CookieView> seen = new AtomicReference<>();
        try (ConformanceServer server = ConformanceServer.start(config, (req, res) -> {
            SessionCookie cookie = SessionFilter.session(req).cookie();
            change.accept(cookie);
            seen.set(CookieView.of(cookie));
        })) {
            Reply reply = server.get(options.path()).send();
            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(seen.get()).as("the handler ran").isNotNull();
        return seen.get();
    }

    private CookieView newSessionCookie(CookieOptions options) {
        return newSessionCookie(options, c -> { });
    }

    @Test
    @DisplayName("should create a new cookie object")
    void shouldCreateANewCookieObject() {
        assertThat(newSessionCookie(CookieOptions.defaults()).present()).isTrue();
    }

    @Test
    @DisplayName("should default expires to null")
    void shouldDefaultExpiresToNull() {
        assertThat(newSessionCookie(CookieOptions.defaults()).expires()).isEmpty();
    }

    @Test
    @DisplayName("should default httpOnly to true")
    void shouldDefaultHttpOnlyToTrue() {
        assertThat(newSessionCookie(CookieOptions.defaults()).httpOnly()).isTrue();
    }

    @Test
    @DisplayName("should default path to \"/\"")
    void shouldDefaultPathToSlash() {
        assertThat(newSessionCookie(CookieOptions.defaults()).path()).isEqualTo("/");
    }

    @Test
    @DisplayName("should default maxAge to null")
    void shouldDefaultMaxAgeToNull() {
        CookieView view = newSessionCookie(CookieOptions.defaults());
        assertThat(view.maxAge()).isEmpty();
        assertThat(view.originalMaxAge()).isEmpty();
    }

    @Test
    @DisplayName("with options: should create a new cookie object")
    void withOptions_shouldCreateANewCookieObject() {
        CookieOptions empty = CookieOptions.create(b -> { });
        assertThat(empty).isEqualTo(CookieOptions.defaults());
        assertThat(newSessionCookie(empty))
                .isEqualTo(new CookieView(true, Optional.empty(), Optional.empty(), Optional.empty(), true, "/",
                        false, Optional.empty()));
    }

    @Test
    @DisplayName("with options: should reject non-objects (Java: types rule them out; null is refused)")
    void withOptions_shouldRejectNull() {
        assertThatThrownBy(() -> SessionConfig.builder().cookie((CookieOptions) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("cookie");
    }

    @Test
    @DisplayName("with options: expires: should set expires")
    void withOptions_expires_shouldSetExpires() {
        Instant when = clock.instant().plus(Duration.ofHours(1));
        assertThat(newSessionCookie(CookieOptions.create(b -> b.expires(when))).expires()).contains(when);
    }

    @Test
    @DisplayName("with options: expires: should set maxAge")
    void withOptions_expires_shouldSetMaxAge() {
        Instant when = clock.instant().plus(Duration.ofHours(1));
        CookieView view = newSessionCookie(CookieOptions.create(b -> b.expires(when)));
        assertThat(view.maxAge()).contains(Duration.ofHours(1));
        assertThat(view.originalMaxAge()).contains(Duration.ofHours(1));
    }

    @Test
    @DisplayName("with options: httpOnly: should set httpOnly")
    void withOptions_httpOnly_shouldSetHttpOnly() {
        assertThat(newSessionCookie(CookieOptions.create(b -> b.httpOnly(false))).httpOnly()).isFalse();
    }

    @Test
    @DisplayName("with options: maxAge: should set expires")
    void withOptions_maxAge_shouldSetExpires() {
        CookieView view = newSessionCookie(CookieOptions.create(b -> b.maxAge(Duration.ofMillis(60000))));
        assertThat(view.expires()).contains(clock.instant().plusMillis(60000));
    }

    @Test
    @DisplayName("with options: maxAge: should set maxAge")
    void withOptions_maxAge_shouldSetMaxAge() {
        CookieView view = newSessionCookie(CookieOptions.create(b -> b.maxAge(Duration.ofMillis(60000))));
        assertThat(view.maxAge()).contains(Duration.ofMillis(60000));
        assertThat(view.originalMaxAge()).contains(Duration.ofMillis(60000));
    }

    @Test
    @DisplayName("with options: maxAge: should accept Date object (Java: a date is given as expires(Instant))")
    void withOptions_maxAge_dateFormIsExpires() {
        Instant when = clock.instant().plus(Duration.ofDays(2));
        CookieView view = newSessionCookie(CookieOptions.defaults(), c -> c.expires(when));
        assertThat(view.expires()).contains(when);
        assertThat(view.maxAge()).contains(Duration.ofDays(2));
    }

    @Test
    @DisplayName("with options: maxAge: should reject invalid types (Java: zero and negative are refused)")
    void withOptions_maxAge_shouldRejectInvalidValues() {
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> CookieOptions.builder().maxAge(Duration.ofMillis(-42)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    }

    @Test
    @DisplayName("with options: partitioned: should set partitioned")
    void withOptions_partitioned_shouldSetPartitioned() {
        assertThat(newSessionCookie(CookieOptions.create(b -> b.partitioned(true))).partitioned()).isTrue();
    }

    @Test
    @DisplayName("with options: path: should set path")
    void withOptions_path_shouldSetPath() {
        assertThat(newSessionCookie(CookieOptions.create(b -> b.path("/foo"))).path()).isEqualTo("/foo");
    }

    @Test
    @DisplayName("with options: priority: should set priority")
    void withOptions_priority_shouldSetPriority() {
        assertThat(newSessionCookie(CookieOptions.create(b -> b.priority(Priority.HIGH))).priority())
                .contains(Priority.HIGH);
    }
}
