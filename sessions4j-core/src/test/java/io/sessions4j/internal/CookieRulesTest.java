package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cookie attribute values are checked once, where they are set, with the rules of the {@code cookie} npm
 * package's {@code serialize}: a value that passes can never break a {@code Set-Cookie} header.
 */
class CookieRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"connect.sid", "sid", "SESSION", "a", "__Host-sid", "!#$%&'*+-.^_`|~09AZaz"})
    void acceptsTokenNames(String name) {
        assertThat(CookieRules.checkName("name", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a;b", "a=b", "a,b", "a\"b", "a(b", "a)b", "a/b", "a:b", "a@b", "a[b", "a{b",
        "a\tb", "a\r\nb", "é", "a\u0000"})
    void refusesNamesThatAreNotTokensNamingTheOption(String name) {
        assertThatThrownBy(() -> CookieRules.checkName("name", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name:");
    }

    @Test
    void refusesANullName() {
        assertThatThrownBy(() -> CookieRules.checkName("name", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/admin", "/admin/", "/a b", "/a,b=c", "/~user/%20x", "/\"q\""})
    void acceptsPathsOfPrintableAsciiStartingWithSlash(String path) {
        assertThat(CookieRules.checkPath("cookie.path", path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "admin", " /admin", "/a;b", "/a\r\nSet-Cookie: x=y", "/a\u007f", "/é", "/a\tb"})
    void refusesOtherPathsNamingTheOption(String path) {
        assertThatThrownBy(() -> CookieRules.checkPath("cookie.path", path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cookie.path:");
    }

    @Test
    void refusesANullPath() {
        assertThatThrownBy(() -> CookieRules.checkPath("cookie.path", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cookie.path:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", ".example.com", "localhost", "a.b.c.example.co.uk", "xn--bcher-kva.example",
        "EXAMPLE.COM", "127.0.0.1", "a-b.example"})
    void acceptsHostNames(String domain) {
        assertThat(CookieRules.checkDomain("cookie.domain", domain)).isEqualTo(domain);
    }

    @Test
    void acceptsNoDomainAsAHostOnlyCookie() {
        assertThat(CookieRules.checkDomain("cookie.domain", null)).isNull();
    }

    @Test
    void acceptsLabelsOfUpToSixtyThreeCharacters() {
        String longest = "a".repeat(63) + ".example";

        assertThat(CookieRules.checkDomain("cookie.domain", longest)).isEqualTo(longest);
        assertThatThrownBy(() -> CookieRules.checkDomain("cookie.domain", "a".repeat(64) + ".example"))
                .hasMessageStartingWith("cookie.domain:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..example.com", "example..com", "example.com.", "-example.com", "example-.com",
        "exa mple.com", "example.com;", "example.com:8080", "example.com/path", "exämple.com", "example.com\r\nX: y",
        "*.example.com", "_dmarc.example.com"})
    void refusesOtherDomainsNamingTheOption(String domain) {
        assertThatThrownBy(() -> CookieRules.checkDomain("cookie.domain", domain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cookie.domain:");
    }

    @Test
    void quotesTheRefusedValueInTheMessage() {
        assertThatThrownBy(() -> CookieRules.checkPath("cookie.path", "admin")).hasMessageContaining("'admin'");
        assertThatThrownBy(() -> CookieRules.checkDomain("cookie.domain", "a b")).hasMessageContaining("'a b'");
    }
}
