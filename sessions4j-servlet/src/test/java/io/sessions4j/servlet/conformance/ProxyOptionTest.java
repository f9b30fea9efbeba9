package io.sessions4j.servlet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.Secure;
import io.sessions4j.SessionConfig;
import io.sessions4j.TrustProxy;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('proxy option')} with {@code cookie.secure: true}: whether a request
 * counts as secure decides whether the Secure cookie is sent. express's {@code proxy: true/false/undefined}
 * is {@link TrustProxy#HEADER}/{@link TrustProxy#NONE}/{@link TrustProxy#CONTAINER}; its
 * {@code req.secure = ...} setup is a request wrapper overriding {@code isSecure()}
 * ({@link Express#secureFromHeader()}). The servers use express's defaults (saveUninitialized: true), since
 * the handlers never touch the session.
 */
@DisplayName("session() proxy option")
class ProxyOptionTest {
    private final TestClock clock = new TestClock();

    private static ConformanceServer.Handler respondSecure() {
        return (req, res) -> Express.end(res, String.valueOf(req.isSecure()));
    }

    private ConformanceServer enabled() {
        SessionConfig config = Express.defaults(clock).proxy(TrustProxy.HEADER)
                .cookie(c -> c.secure(Secure.ALWAYS).maxAge(Duration.ofMillis(5))).build();
        return ConformanceServer.start(config);
    }

    private ConformanceServer withSecureSetup(TrustProxy proxy) {
        SessionConfig config = Express.defaults(clock).proxy(proxy).cookie(c -> c.secure(Secure.ALWAYS)).build();
        return ConformanceServer.with(config).before(Express.secureFromHeader()).handler(respondSecure()).start();
    }

    @Test
    @DisplayName("when enabled: should trust X-Forwarded-Proto when string "
            + "(express defaults: resave, saveUninitialized)")
    void whenEnabled_shouldTrustXForwardedProtoWhenString() {
        try (ConformanceServer server = enabled()) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().has("Secure")).isTrue();
        }
    }

    @Test
    @DisplayName("when enabled: should trust X-Forwarded-Proto when comma-separated list "
            + "(express defaults: resave, saveUninitialized)")
    void whenEnabled_shouldTrustXForwardedProtoWhenCommaSeparatedList() {
        try (ConformanceServer server = enabled()) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https,http").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName("when enabled: should work when no header (express defaults: resave, saveUninitialized)")
    void whenEnabled_shouldWorkWhenNoHeader() {
        try (ConformanceServer server = enabled()) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("when disabled: should not trust X-Forwarded-Proto (express defaults: resave, saveUninitialized)")
    void whenDisabled_shouldNotTrustXForwardedProto() {
        try (ConformanceServer server = withSecureSetup(TrustProxy.NONE)) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("when disabled: should ignore req.secure (Java: the container's isSecure()) "
            + "(express defaults: resave, saveUninitialized)")
    void whenDisabled_shouldIgnoreContainerIsSecure() {
        try (ConformanceServer server = withSecureSetup(TrustProxy.NONE)) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").header("X-Secure", "true").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("true");
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("when unspecified: should not trust X-Forwarded-Proto "
            + "(express defaults: resave, saveUninitialized)")
    void whenUnspecified_shouldNotTrustXForwardedProto() {
        try (ConformanceServer server = withSecureSetup(TrustProxy.CONTAINER)) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("when unspecified: should use req.secure (Java: the container's isSecure()) "
            + "(express defaults: resave, saveUninitialized)")
    void whenUnspecified_shouldUseContainerIsSecure() {
        assertThat(SessionConfig.builder().secrets(Express.SECRET).build().proxy()).isEqualTo(TrustProxy.CONTAINER);
        try (ConformanceServer server = withSecureSetup(TrustProxy.CONTAINER)) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").header("X-Secure", "true").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("true");
            assertThat(reply.setCookie().has("Secure")).isTrue();
        }
    }
}
