package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser reads pairs the way the {@code cookie} npm package 0.7 does (the expected values in the
 * comments were printed by {@code require('cookie').parse}), but returns every value of the name, in order.
 */
class CookieHeaderParserTest {
    private static final String SID = "connect.sid";

    private static List<String> values(String... headers) {
        return CookieHeaderParser.values(Arrays.asList(headers), SID, 8);
    }

    @Test
    void findsTheCookieAmongOthers() {
        assertThat(values("a=1; connect.sid=s%3Aabc.sig; b=2")).containsExactly("s:abc.sig");
    }

    @Test
    void findsNothingWhenTheNameIsAbsent() {
        assertThat(values("a=1; b=2")).isEmpty();
        assertThat(values("")).isEmpty();
        assertThat(CookieHeaderParser.values(List.of(), SID, 8)).isEmpty();
    }

    @Test
    void readsEveryCookieHeaderInOrder() {
        assertThat(values("a=1; connect.sid=first", "b=2", "connect.sid=second; c=3"))
                .containsExactly("first", "second");
    }

    @Test
    void returnsDuplicateNamesInOrderInsteadOfOnlyTheFirst() {
        // cookie.parse('connect.sid=1;connect.sid=2') keeps only '1'; we try each (DESIGN §5.7)
        assertThat(values("connect.sid=stale; x=y; connect.sid=fresh")).containsExactly("stale", "fresh");
    }

    @Test
    void skipsNullHeaderEntries() {
        assertThat(values(null, "connect.sid=v", null)).containsExactly("v");
    }

    @Test
    void matchesTheNameExactly() {
        assertThat(values("xconnect.sid=a; connect.sidx=b; Connect.sid=c; connect.sid=d")).containsExactly("d");
    }

    @Test
    void removesSurroundingQuotes() {
        // cookie.parse('a="x y"') → { a: 'x y' }; cookie.parse('a="%41"') → { a: 'A' }
        assertThat(values("connect.sid=\"x y\"")).containsExactly("x y");
        assertThat(values("connect.sid=\"%41\"")).containsExactly("A");
        assertThat(values("connect.sid= \"q\" ")).containsExactly("q");
        assertThat(values("connect.sid=\"\"")).containsExactly("");
    }

    @Test
    void leavesAQuoteThatIsNotAPairAlone() {
        assertThat(values("connect.sid=\"abc")).containsExactly("\"abc");
        assertThat(values("connect.sid=abc\"")).containsExactly("abc\"");
    }

    @Test
    void readsALoneQuoteAsAnEmptyValueLikeTheCookiePackage() {
        // cookie.parse('a="') → { a: '' }
        assertThat(values("connect.sid=\"")).containsExactly("");
    }

    @Test
    void percentDecodesValidEscapes() {
        assertThat(values("connect.sid=s%3A48aY.TW%2Bf%2F")).containsExactly("s:48aY.TW+f/");
    }

    @Test
    void keepsAValueWithBadPercentEncodingRaw() {
        // cookie.parse('a=%E0%A4%A') → { a: '%E0%A4%A' }
        assertThat(values("connect.sid=%E0%A4%A")).containsExactly("%E0%A4%A");
        assertThat(values("connect.sid=s%3Aabc%")).containsExactly("s%3Aabc%");
        assertThat(values("connect.sid=%C3%28")).containsExactly("%C3%28");
    }

    @Test
    void readsEmptyValues() {
        assertThat(values("connect.sid=; a=1")).containsExactly("");
        assertThat(values("connect.sid=")).containsExactly("");
        assertThat(values("connect.sid=   ;")).containsExactly("");
    }

    @Test
    void skipsPairsWithoutAnEqualsSign() {
        // cookie.parse('x;y;a=1') → { a: '1' }
        assertThat(values("foo; connect.sid=v")).containsExactly("v");
        assertThat(values("x;y;connect.sid=v;z")).containsExactly("v");
        assertThat(values("connect.sid")).isEmpty();
        assertThat(values("connect.sid; other=1")).isEmpty();
    }

    @Test
    void trimsSpacesAndTabsAroundNamesAndValues() {
        // cookie.parse(' \t a \t = \t 1 \t ;b=2') → { a: '1', b: '2' }
        assertThat(values(" \t connect.sid \t = \t v \t ;b=2")).containsExactly("v");
    }

    @Test
    void keepsEqualsSignsAndCommasInsideTheValue() {
        // cookie.parse('a=b=c') → { a: 'b=c' }; cookie.parse('a=1,b=2') → { a: '1,b=2' }
        assertThat(values("connect.sid=b=c")).containsExactly("b=c");
        assertThat(values("connect.sid=1,b=2")).containsExactly("1,b=2");
    }

    @Test
    void toleratesStraySemicolons() {
        assertThat(values(";connect.sid=v;;")).containsExactly("v");
        assertThat(values(";;;")).isEmpty();
    }

    @Test
    void readsAPairWithAnEmptyNameWithoutConfusingIt() {
        // cookie.parse('=1; a=2') → { '': '1', a: '2' }
        assertThat(values("=1; connect.sid=2")).containsExactly("2");
        assertThat(CookieHeaderParser.values(List.of("=1; a=2"), "", 8)).containsExactly("1");
    }

    @Test
    void returnsAtMostTheLimit() {
        assertThat(CookieHeaderParser.values(List.of("connect.sid=1; connect.sid=2; connect.sid=3"), SID, 2))
                .containsExactly("1", "2");
        assertThat(CookieHeaderParser.values(List.of("connect.sid=1", "connect.sid=2", "connect.sid=3"), SID, 2))
                .containsExactly("1", "2");
    }

    @Test
    void findsTheCookieAfterAMegabyteOfOtherPairs() {
        StringBuilder header = new StringBuilder(1 << 20);
        int pairs = 0;
        while (header.length() < (1 << 20)) {
            header.append("k").append(pairs).append("=%zz").append(pairs).append("; ");
            pairs++;
        }
        header.append("connect.sid=s%3Areal.sig");

        List<String> found = CookieHeaderParser.values(List.of(header.toString()), SID, 8);

        assertThat(pairs).isGreaterThan(10_000);
        assertThat(found).containsExactly("s:real.sig");
    }

    @Test
    void boundsTheResultOfAMegabyteHeaderOfMatchingPairs() {
        StringBuilder header = new StringBuilder(1 << 20);
        int pairs = 0;
        while (header.length() < (1 << 20)) {
            header.append("connect.sid=s%3Aforged").append(pairs).append(".sig; ");
            pairs++;
        }

        List<String> found = CookieHeaderParser.values(List.of(header.toString()), SID, 8);

        assertThat(pairs).isGreaterThan(10_000);
        assertThat(found).hasSize(8).first().isEqualTo("s:forged0.sig");
    }

    @Test
    void readsAMegabyteOfPairsWithoutEqualsSignsBeforeTheRealCookie() {
        // Each '='-less pair must be skipped in one step (as the cookie package backtracks to the last ';');
        // searching for the next '=' from every ';' would make this header quadratic.
        String header = "x;".repeat(500_000) + "connect.sid=v";

        assertThat(values(header)).containsExactly("v");
    }

    @Test
    void neverThrowsOnOddInput() {
        List<String> odd = new ArrayList<>(List.of("=", ";", "==;;==", "\"", "=\"", "%", "connect.sid=%",
                "connect.sid=\"%\"", "\u0000=\u0000", "connect.sid=\uD800", "connect.sid=%ED%A0%80", "\t", " = ; = "));

        for (String header : odd) {
            assertThat(CookieHeaderParser.values(List.of(header), SID, 8)).as(header).isNotNull();
        }
        assertThat(values("connect.sid=%")).containsExactly("%");
        assertThat(values("connect.sid=\uD800")).containsExactly("\uD800");
    }
}
