package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UriComponent} must behave like JavaScript's {@code encodeURIComponent} / {@code decodeURIComponent};
 * every expected value here was printed by Node.
 */
class UriComponentTest {

    @Test
    void leavesLettersDigitsAndTheUnreservedMarksAlone() {
        String unreserved = "ABCXYZabcxyz0189-_.!~*'()";

        assertThat(UriComponent.encode(unreserved)).isSameAs(unreserved);
    }

    @Test
    void encodesEveryOtherAsciiCharacterAsUpperCaseHex() {
        assertThat(UriComponent.encode("[]{}<>\"\\|^`@$,;:=%"))
                .isEqualTo("%5B%5D%7B%7D%3C%3E%22%5C%7C%5E%60%40%24%2C%3B%3A%3D%25");
        assertThat(UriComponent.encode("s:a/b?c=d&e#f")).isEqualTo("s%3Aa%2Fb%3Fc%3Dd%26e%23f");
        assertThat(UriComponent.encode("\u0000\u007f")).isEqualTo("%00%7F");
    }

    @Test
    void encodesSpaceAsPercentTwentyAndPlusAsPercentTwoB() {
        assertThat(UriComponent.encode("a b")).isEqualTo("a%20b");
        assertThat(UriComponent.encode("a+b")).isEqualTo("a%2Bb");
    }

    @Test
    void differsFromUrlEncoderWhereJavaScriptDoes() {
        String s = "a b~";

        assertThat(URLEncoder.encode(s, StandardCharsets.UTF_8)).isEqualTo("a+b%7E");
        assertThat(UriComponent.encode(s)).isEqualTo("a%20b~");
    }

    @Test
    void encodesNonAsciiAsUtf8Bytes() {
        assertThat(UriComponent.encode("é")).isEqualTo("%C3%A9");
        assertThat(UriComponent.encode("日本")).isEqualTo("%E6%97%A5%E6%9C%AC");
        assertThat(UriComponent.encode("x€y")).isEqualTo("x%E2%82%ACy");
    }

    @Test
    void encodesASurrogatePairAsOneFourByteCharacter() {
        assertThat(UriComponent.encode("😀")).isEqualTo("%F0%9F%98%80");
        assertThat(UriComponent.encode("a😀b")).isEqualTo("a%F0%9F%98%80b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uD800", "\uD800b", "\uDC00", "a\uDC00\uD800b"})
    void refusesALoneSurrogateLikeJavaScriptsUriError(String s) {
        assertThatThrownBy(() -> UriComponent.encode(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void encodesTheEmptyString() {
        assertThat(UriComponent.encode("")).isEmpty();
    }

    @Test
    void decodesWhatItEncodes() {
        String s = "s:48aY.x+/=é😀 ;,\"";

        assertThat(UriComponent.decode(UriComponent.encode(s))).isEqualTo(s);
    }

    @Test
    void returnsTextWithoutEscapesUnchanged() {
        String s = "plain+text";

        assertThat(UriComponent.decode(s)).isSameAs(s);
    }

    @Test
    void leavesPlusAsPlus() {
        assertThat(UriComponent.decode("a%20b+c")).isEqualTo("a b+c");
    }

    @Test
    void acceptsLowerCaseHex() {
        assertThat(UriComponent.decode("%c3%a9")).isEqualTo("é");
        assertThat(UriComponent.decode("s%3aabc")).isEqualTo("s:abc");
    }

    @Test
    void decodesMultiByteSequencesSpreadOverSeveralEscapes() {
        assertThat(UriComponent.decode("%F0%9F%98%80")).isEqualTo("😀");
        assertThat(UriComponent.decode("a%E6%97%A5b%E6%9C%ACc")).isEqualTo("a日b本c");
    }

    @Test
    void decodesRunsThatMixAsciiAndMultiByteEscapes() {
        assertThat(UriComponent.decode("%41%C3%A9%42")).isEqualTo("AéB");
        assertThat(UriComponent.decode("s%3A%E6%97%A5.%2F")).isEqualTo("s:日./");
        // A lead byte followed by an ASCII byte is malformed, in a run of escapes as alone.
        assertThat(UriComponent.decode("%C3%41")).isNull();
        assertThat(UriComponent.decode("%41%C3")).isNull();
        assertThat(UriComponent.decode("%41%3A%zz")).isNull();
    }

    @Test
    void keepsNonAsciiCharactersThatAreNotEscaped() {
        assertThat(UriComponent.decode("é%20x")).isEqualTo("é x");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "%", "%2", "a%2", "%zz", "%2g", "%%", "%E0%A4%A", // malformed escapes, truncated
        "%C3", "%C3%28", "%FF", "%80", // invalid UTF-8
        "%ED%A0%80", // an encoded surrogate
        "%C0%AF", // overlong
        "%F4%90%80%80", // beyond U+10FFFF
        "%\uFF14\uFF11", // full-width digits are not hex digits in JavaScript
        "ok%20then%" })
    void returnsNullWhereJavaScriptThrowsUriError(String s) {
        assertThat(UriComponent.decode(s)).isNull();
    }

    @Test
    void decodesARangeAsItsSubstringWithoutLookingOutsideIt() {
        String header = "a=1; connect.sid=s%3Aabc.d%2Fe; b=%zz";
        int from = header.indexOf("s%3A");
        int to = header.indexOf(';', from);

        assertThat(UriComponent.decode(header, from, to)).isEqualTo("s:abc.d/e");
        // An escape cut by the end of the range is malformed, though the text goes on after it.
        assertThat(UriComponent.decode("x%3Ay", 0, 3)).isNull();
        assertThat(UriComponent.decode(header, 0, 3)).isEqualTo("a=1");
        assertThat(UriComponent.decode(header, header.length(), header.length())).isEmpty();
    }

    @Test
    void appendsTheEncodingToWhatABuilderAlreadyHolds() {
        StringBuilder sb = new StringBuilder("connect.sid=");

        UriComponent.appendEncoded(sb, "s:abc.d/e+é").append("; Path=/");

        assertThat(sb).hasToString("connect.sid=s%3Aabc.d%2Fe%2B%C3%A9; Path=/");
    }
}
