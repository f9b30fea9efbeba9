package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6265 §5.1.4 path-match, which express-session's plain prefix test gets wrong (#1114, DESIGN §5.6). */
class PathMatchTest {

    @ParameterizedTest(name = "request ''{0}'' with cookie path ''{1}'' → {2}")
    @CsvSource({
        "/,                /,       true",
        "/anything,        /,       true",
        "/a/b/c,           /,       true",
        "/admin,           /admin,  true",
        "/admin/,          /admin,  true",
        "/admin/users,     /admin,  true",
        "/admin/users/7,   /admin,  true",
        "/administrator,   /admin,  false",
        "/adminx,          /admin,  false",
        "/adm,             /admin,  false",
        "/,                /admin,  false",
        "/Admin,           /admin,  false",
        "/other/admin,     /admin,  false",
        "/admin/x,         /admin/, true",
        "/admin/,          /admin/, true",
        "/admin,           /admin/, false",
        "/administrator,   /admin/, false",
    })
    void matchesAsRfc6265Says(String requestPath, String cookiePath, boolean expected) {
        assertThat(PathMatch.matches(requestPath, cookiePath)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "an empty request path is ''/'' for cookie path ''{0}'' → {1}")
    @CsvSource({"/, true", "/admin, false"})
    void treatsAnEmptyOrMissingRequestPathAsSlash(String cookiePath, boolean expected) {
        assertThat(PathMatch.matches("", cookiePath)).isEqualTo(expected);
        assertThat(PathMatch.matches(null, cookiePath)).isEqualTo(expected);
    }
}
