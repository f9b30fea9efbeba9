package io.sessions4j.servlet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessions4j.SessionConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tests of express-session's {@code fix/rfc6265-path-matching} branch (reference §8.4), which sessions4j
 * implements (DESIGN §5.6): the cookie path matches request paths by RFC 6265 section 5.1.4 path-match, not by
 * string prefix. Express's defaults (saveUninitialized: true), so a matching path always gets a cookie.
 */
@DisplayName("path matching (RFC 6265)")
class PathMatchingRfc6265Test {
    private final TestClock clock = new TestClock();

    @ParameterizedTest(name = "cookie path \"{0}\", request \"{1}\": cookie set = {2}")
    @CsvSource({
        "/,       /,              true",
        "/,       /foo,           true",
        "/,       /foo/bar/baz,   true",
        "/admin,  /admin,         true",
        "/admin,  /admin/,        true",
        "/admin,  /admin/users,   true",
        "/admin,  /administrator, false",
        "/admin/, /admin/x,       true",
        "/admin/, /admin,         false",
        "/admin/, /administrator, false",
    })
    void pathMatch(String cookiePath, String requestPath, boolean set) {
        SessionConfig config = Express.defaults(clock).cookie(c -> c.path(cookiePath)).build();
        try (ConformanceServer server = ConformanceServer.start(config)) {
            Reply reply = server.get(requestPath).send();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.findSetCookie("connect.sid")).as("Set-Cookie").matches(c -> c.isPresent() == set);
            if (set) {
                assertThat(reply.setCookie().attribute("Path")).contains(cookiePath);
            }
        }
    }
}
