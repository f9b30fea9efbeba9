package io.sessions4j.servlet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.CookieOptions;
import io.sessions4j.RequestInfo;
import io.sessions4j.SameSite;
import io.sessions4j.Secure;
import io.sessions4j.SessionConfig;
import io.sessions4j.TrustProxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * express-session's {@code describe('cookie option')}: {@code path} (also the request filter), {@code secure:
 * 'auto'}, {@code cookie} as a function, and {@code sameSite: 'auto'}. The handlers never touch the session,
 * so these servers run with express's defaults (saveUninitialized: true) to get a cookie at all.
 */
@DisplayName("session() cookie option")
class CookieOptionTest {
    private final TestClock clock = new TestClock();

    private ConformanceServer server(Consumer<CookieOptions.Builder> cookie, TrustProxy proxy) {
        SessionConfig config = Express.defaults(clock).proxy(proxy).cookie(cookie).build();
        return ConformanceServer.with(config).before(Express.secureFromHeader())
                .handler((req, res) -> Express.end(res, String.valueOf(req.isSecure()))).start();
    }

    // ---- when "path" set to "/foo/bar"

    private ConformanceServer fooBar() {
        return ConformanceServer.start(Express.defaults(clock).cookie(c -> c.path("/foo/bar")).build());
    }

    @Test
    @DisplayName("when \"path\" set to \"/foo/bar\": should not set cookie for \"/\" request "
            + "(express defaults: resave, saveUninitialized)")
    void path_shouldNotSetCookieForRootRequest() {
        try (ConformanceServer server = fooBar()) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("when \"path\" set to \"/foo/bar\": should not set cookie for \"http://foo/bar\" request "
            + "(Java: Jetty refuses that Host with 400 before any filter; a valid foreign Host and proxy headers "
            + "naming /foo/bar do not fool the path check) (express defaults: resave, saveUninitialized)")
    void path_shouldNotSetCookieForHttpFooBarHostRequest() {
        try (ConformanceServer server = fooBar()) {
            Reply invalidHost = server.get("/").header("Host", "http://foo/bar").send();
            assertThat(invalidHost.status()).isEqualTo(400);
            assertThat(invalidHost.hasHeader("Set-Cookie")).isFalse();

            Reply foreignHost = server.get("/").header("Host", "foo").header("X-Original-URL", "/foo/bar")
                    .header("X-Forwarded-Prefix", "/foo/bar").header("X-Forwarded-Uri", "/foo/bar").send();
            assertThat(foreignHost.status()).isEqualTo(200);
            assertThat(foreignHost.hasHeader("Set-Cookie")).isFalse();
        }
    }

    @Test
    @DisplayName("when \"path\" set to \"/foo/bar\": should set cookie for \"/foo/bar\" request "
            + "(express defaults: resave, saveUninitialized)")
    void path_shouldSetCookieForFooBarRequest() {
        try (ConformanceServer server = fooBar()) {
            Reply reply = server.get("/foo/bar").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().attribute("Path")).contains("/foo/bar");
        }
    }

    @Test
    @DisplayName("when \"path\" set to \"/foo/bar\": should set cookie for \"/foo/bar/baz\" request "
            + "(express defaults: resave, saveUninitialized)")
    void path_shouldSetCookieForFooBarBazRequest() {
        try (ConformanceServer server = fooBar()) {
            Reply reply = server.get("/foo/bar/baz").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    private ConformanceServer mountedAtFoo() {
        return ConformanceServer.with(Express.defaults(clock).cookie(c -> c.path("/foo/bar")).build())
                .contextPath("/foo").start();
    }

    @Test
    @DisplayName("when \"path\" set to \"/foo/bar\": when mounted at \"/foo\": should set cookie for \"/foo/bar\" "
            + "request (Java: context path /foo) (express defaults: resave, saveUninitialized)")
    void path_mountedAtFoo_shouldSetCookieForFooBarRequest() {
        try (ConformanceServer server = mountedAtFoo()) {
            Reply reply = server.get("/foo/bar").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie("connect.sid")).isNotNull();
        }
    }

    @Test
    @DisplayName("when \"path\" set to \"/foo/bar\": when mounted at \"/foo\": should not set cookie for "
            + "\"/foo/foo/bar\" request (Java: context path /foo) (express defaults: resave, saveUninitialized)")
    void path_mountedAtFoo_shouldNotSetCookieForFooFooBarRequest() {
        try (ConformanceServer server = mountedAtFoo()) {
            Reply reply = server.get("/foo/foo/bar").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }

    // ---- when "secure" set to "auto"

    @Test
    @DisplayName("when \"secure\" set to \"auto\": when \"proxy\" is \"true\": should set secure when "
            + "X-Forwarded-Proto is https (express defaults: resave, saveUninitialized)")
    void secureAuto_proxyTrue_shouldSetSecureWhenXForwardedProtoIsHttps() {
        try (ConformanceServer server = server(c -> c.maxAge(Duration.ofMillis(5)).secure(Secure.AUTO),
                TrustProxy.HEADER)) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().has("Secure")).isTrue();
        }
    }

    @Test
    @DisplayName("when \"secure\" set to \"auto\": when \"proxy\" is \"false\": should not set secure when "
            + "X-Forwarded-Proto is https (express defaults: resave, saveUninitialized)")
    void secureAuto_proxyFalse_shouldNotSetSecureWhenXForwardedProtoIsHttps() {
        try (ConformanceServer server = server(c -> c.maxAge(Duration.ofMillis(5)).secure(Secure.AUTO),
                TrustProxy.NONE)) {
            Reply reply = server.get("/").header("X-Forwarded-Proto", "https").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().has("Secure")).isFalse();
        }
    }

    @Test
    @DisplayName("when \"secure\" set to \"auto\": when \"proxy\" is undefined: should set secure if "
            + "req.secure = true (express defaults: resave, saveUninitialized)")
    void secureAuto_proxyUndefined_shouldSetSecureIfRequestIsSecure() {
        try (ConformanceServer server = server(c -> c.secure(Secure.AUTO), TrustProxy.CONTAINER)) {
            Reply reply = server.get("/").header("X-Secure", "true").send();
            assertThat(reply.body()).isEqualTo("true");
            assertThat(reply.setCookie().has("Secure")).isTrue();
        }
    }

    @Test
    @DisplayName("when \"secure\" set to \"auto\": when \"proxy\" is undefined: should not set secure if "
            + "req.secure = false (express defaults: resave, saveUninitialized)")
    void secureAuto_proxyUndefined_shouldNotSetSecureIfRequestIsNotSecure() {
        try (ConformanceServer server = server(c -> c.secure(Secure.AUTO), TrustProxy.CONTAINER)) {
            Reply reply = server.get("/").header("X-Secure", "false").send();
            assertThat(reply.body()).isEqualTo("false");
            assertThat(reply.setCookie().has("Secure")).isFalse();
        }
    }

    // ---- when "cookie" is a function

    @Test
    @DisplayName("when \"cookie\" is a function: should call custom function and apply cookie options "
            + "(express defaults: resave, saveUninitialized)")
    void function_shouldCallCustomFunctionAndApplyCookieOptions() {
        AtomicInteger calls = new AtomicInteger();
        SessionConfig config = Express.defaults(clock).cookiePerRequest((RequestInfo request) -> {
            calls.incrementAndGet();
            return CookieOptions.create(b -> b.path("/test").httpOnly(true).secure(false));
        }).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/test").send();
            assertThat(reply.status()).isEqualTo(200);
            SetCookie cookie = reply.setCookie();
            assertThat(cookie.attribute("Path")).contains("/test");
            assertThat(cookie.has("HttpOnly")).isTrue();
            assertThat(cookie.has("Secure")).isFalse();
            assertThat(calls.get()).isPositive();
        }
    }

    @Test
    @DisplayName("when \"cookie\" is a function: should provide req argument "
            + "(express defaults: resave, saveUninitialized)")
    void function_shouldProvideRequestArgument() {
        SessionConfig config = Express.defaults(clock)
                .cookiePerRequest((RequestInfo request) -> CookieOptions.create(b -> b.path(request.path()))).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get("/foo").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.setCookie().attribute("Path")).contains("/foo");
        }
    }

    // ---- when "sameSite" set to "auto"

    private static void assertCookie(Reply reply, String sameSite, boolean secure) {
        assertThat(reply.status()).isEqualTo(200);
        SetCookie cookie = reply.setCookie();
        assertThat(cookie.attribute("SameSite")).contains(sameSite);
        assertThat(cookie.has("Secure")).isEqualTo(secure);
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": basic functionality: should set SameSite=None for secure "
            + "connections (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_shouldSetSameSiteNoneForSecureConnections() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO), TrustProxy.CONTAINER)) {
            assertCookie(server.get("/").header("X-Secure", "true").send(), "None", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": basic functionality: should set SameSite=Lax for insecure "
            + "connections (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_shouldSetSameSiteLaxForInsecureConnections() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO), TrustProxy.CONTAINER)) {
            assertCookie(server.get("/").send(), "Lax", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": with proxy settings: when \"proxy\" is \"true\": should set "
            + "SameSite=None when X-Forwarded-Proto is https (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_proxyTrue_shouldSetNoneWhenXForwardedProtoIsHttps() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO), TrustProxy.HEADER)) {
            assertCookie(server.get("/").header("X-Forwarded-Proto", "https").send(), "None", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": with proxy settings: when \"proxy\" is \"true\": should set "
            + "SameSite=Lax when X-Forwarded-Proto is http (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_proxyTrue_shouldSetLaxWhenXForwardedProtoIsHttp() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO), TrustProxy.HEADER)) {
            assertCookie(server.get("/").header("X-Forwarded-Proto", "http").send(), "Lax", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": with proxy settings: when \"proxy\" is \"false\": should set "
            + "SameSite=Lax when X-Forwarded-Proto is https (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_proxyFalse_shouldSetLaxWhenXForwardedProtoIsHttps() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO), TrustProxy.NONE)) {
            assertCookie(server.get("/").header("X-Forwarded-Proto", "https").send(), "Lax", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": combined with secure auto: when \"secure\" is \"auto\": should "
            + "set both Secure and SameSite=None when secure (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_secureAuto_shouldSetBothSecureAndNoneWhenSecure() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO).secure(Secure.AUTO),
                TrustProxy.CONTAINER)) {
            assertCookie(server.get("/").header("X-Secure", "true").send(), "None", true);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": combined with secure auto: when \"secure\" is \"auto\": should "
            + "set neither Secure nor SameSite=None when insecure (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_secureAuto_shouldSetNeitherSecureNorNoneWhenInsecure() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO).secure(Secure.AUTO),
                TrustProxy.CONTAINER)) {
            assertCookie(server.get("/").send(), "Lax", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": combined with secure auto: when \"secure\" is \"false\": should "
            + "set SameSite=None without Secure when secure (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_secureFalse_shouldSetNoneWithoutSecureWhenSecure() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO).secure(false), TrustProxy.CONTAINER)) {
            assertCookie(server.get("/").header("X-Secure", "true").send(), "None", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": combined with secure auto: when \"secure\" is \"false\": should "
            + "set SameSite=Lax without Secure when insecure (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_secureFalse_shouldSetLaxWithoutSecureWhenInsecure() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO).secure(false), TrustProxy.CONTAINER)) {
            assertCookie(server.get("/").send(), "Lax", false);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": combined with secure auto: when \"secure\" is \"true\": should "
            + "set both Secure and SameSite=None when secure (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_secureTrue_shouldSetBothSecureAndNoneWhenSecure() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO).secure(true), TrustProxy.CONTAINER)) {
            assertCookie(server.get("/").header("X-Secure", "true").send(), "None", true);
        }
    }

    @Test
    @DisplayName("when \"sameSite\" set to \"auto\": combined with secure auto: when \"secure\" is \"true\": should "
            + "not set cookie when insecure (express defaults: resave, saveUninitialized)")
    void sameSiteAuto_secureTrue_shouldNotSetCookieWhenInsecure() {
        try (ConformanceServer server = server(c -> c.sameSite(SameSite.AUTO).secure(true), TrustProxy.CONTAINER)) {
            Reply reply = server.get("/").send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.hasHeader("Set-Cookie")).isFalse();
        }
    }
}
