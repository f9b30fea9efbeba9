package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signing must match cookie-signature 1.0.7 byte for byte (reference §7.2), so that a cookie signed by
 * express-session verifies here and the other way round. Vectors marked "node" were produced with
 * cookie-signature 1.0.7 on Node's crypto.
 */
class CookieSignerTest {

    private static CookieSigner signer(String... secrets) {
        List<byte[]> keys = new ArrayList<>();
        for (String s : secrets) {
            keys.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return new CookieSigner(keys);
    }

    /** What express-session puts in the cookie: {@code encodeURIComponent('s:' + sign(id, secret))}. */
    private static String cookieValue(CookieSigner signer, String id) {
        return UriComponent.encode("s:" + signer.sign(id));
    }

    @Test
    void signsLikeTheCookieSignatureReadmeExample() {
        assertThat(signer("tobiiscool").sign("hello"))
                .isEqualTo("hello.DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QI");
    }

    @ParameterizedTest(name = "genid ''{0}'' gives {1}")
    @CsvSource(delimiter = '|', value = {
        "apple|s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU",
        "%|s%3A%25.kzQ6x52kKVdF35Qh62AWk4ZekS28K5XYCXKa%2FOTZ01g",
        "/foo|s%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ",
        "48aYyseBWdLqalF58ABLgd5S2Jn1fRhY|s%3A48aYyseBWdLqalF58ABLgd5S2Jn1fRhY.TWKf5Ij66tpJw181iLen1SrSvnEVOaGxWzQUdDAX01A",
    })
    void writesTheCookieValuesExpressSessionWrites(String id, String expected) {
        assertThat(cookieValue(signer("keyboard cat"), id)).isEqualTo(expected);
    }

    @Test
    void readsBackTheCookieValueExpressSessionWrote() {
        String decoded = UriComponent.decode("s%3A48aYyseBWdLqalF58ABLgd5S2Jn1fRhY.TWKf5Ij66tpJw181iLen1SrSvnEVOaGxWzQUdDAX01A");

        assertThat(decoded).startsWith("s:");
        assertThat(signer("keyboard cat").unsign(decoded.substring(2))).isEqualTo("48aYyseBWdLqalF58ABLgd5S2Jn1fRhY");
    }

    @Test
    void unsignsWhatItSigned() {
        CookieSigner signer = signer("keyboard cat");

        assertThat(signer.unsign(signer.sign("some-id"))).isEqualTo("some-id");
    }

    @Test
    void signsWithTheFirstSecretAndVerifiesWithEveryOneInOrder() {
        CookieSigner rotated = signer("new secret", "old secret", "older secret");

        assertThat(rotated.sign("id")).isEqualTo(signer("new secret").sign("id"));
        assertThat(rotated.unsign(signer("new secret").sign("id"))).isEqualTo("id");
        assertThat(rotated.unsign(signer("old secret").sign("id"))).isEqualTo("id");
        assertThat(rotated.unsign(signer("older secret").sign("id"))).isEqualTo("id");
    }

    @Test
    void refusesAValueSignedWithARetiredSecret() {
        assertThat(signer("new secret").unsign(signer("old secret").sign("id"))).isNull();
    }

    @Test
    void refusesATamperedSignature() {
        String signed = signer("tobiiscool").sign("hello");
        String flipped = signed.substring(0, signed.length() - 1)
                + (signed.charAt(signed.length() - 1) == 'I' ? 'J' : 'I');

        assertThat(signer("tobiiscool").unsign(flipped)).isNull();
    }

    @Test
    void refusesAValueThatOnlyEncodesLikeTheSignedOne() {
        // A lone surrogate becomes '?' in UTF-8: compared as bytes, the two would be one value.
        String signed = signer("tobiiscool").sign("a?b");

        assertThat(signer("tobiiscool").unsign("a\ud800b" + signed.substring(3))).isNull();
    }

    @Test
    void refusesATamperedValue() {
        String signed = signer("tobiiscool").sign("hello");

        assertThat(signer("tobiiscool").unsign("jello" + signed.substring(5))).isNull();
    }

    @Test
    void refusesExtraTrailingBytesAfterTheSignature() {
        CookieSigner signer = signer("tobiiscool");
        String signed = signer.sign("hello");

        assertThat(signer.unsign(signed + "x")).isNull();
        assertThat(signer.unsign(signed + "=")).isNull();
        assertThat(signer.unsign(signed + " ")).isNull();
    }

    @Test
    void refusesATruncatedSignature() {
        String signed = signer("tobiiscool").sign("hello");

        assertThat(signer("tobiiscool").unsign(signed.substring(0, signed.length() - 1))).isNull();
    }

    @Test
    void refusesInputWithoutADotOrWithAnEmptySignature() {
        CookieSigner signer = signer("keyboard cat");

        assertThat(signer.unsign("hello")).isNull();
        assertThat(signer.unsign("hello.")).isNull();
        assertThat(signer.unsign("")).isNull();
        assertThat(signer.unsign(".x")).isNull();
    }

    @Test
    void keepsDotsInTheIdBecauseTheSignatureStartsAfterTheLastDot() {
        CookieSigner signer = signer("keyboard cat");

        // node: require('cookie-signature').sign('a.b.c', 'keyboard cat')
        assertThat(signer.sign("a.b.c")).isEqualTo("a.b.c.G8ReS2HiYVtvMBGFvZUGp5RaCauWFLUTjnnTm/EQ2aE");
        assertThat(signer.unsign("a.b.c.G8ReS2HiYVtvMBGFvZUGp5RaCauWFLUTjnnTm/EQ2aE")).isEqualTo("a.b.c");
    }

    @Test
    void signsAnEmptyValueLikeNode() {
        // node: require('cookie-signature').sign('', 'keyboard cat')
        assertThat(signer("keyboard cat").sign("")).isEqualTo(".aJcKKTu8Uv0mRiw7LTI435t+pOa+giU/WLAuLCKGEFc");
    }

    @Test
    void usesRawByteSecretsAsTheKey() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        CookieSigner signer = new CookieSigner(List.of(key));

        // node: sign('abc', Buffer.from('000102…1f', 'hex'))
        assertThat(signer.sign("abc")).isEqualTo("abc.8BM3KcQWPe3oHiHNR4OSVtpYFxI4yKDYdDl8c7FOHkc");
    }

    @Test
    void roundTripsWithARandomThirtyTwoByteSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        CookieSigner signer = new CookieSigner(List.of(key));

        String signed = signer.sign("48aYyseBWdLqalF58ABLgd5S2Jn1fRhY");

        assertThat(signer.unsign(signed)).isEqualTo("48aYyseBWdLqalF58ABLgd5S2Jn1fRhY");
        assertThat(signed).hasSize(32 + 1 + 43);
    }

    @Test
    void copiesTheSecretSoLaterChangesToTheArrayDoNotMatter() {
        byte[] key = "keyboard cat".getBytes(StandardCharsets.UTF_8);
        CookieSigner signer = new CookieSigner(List.of(key));
        key[0] = 'K';

        assertThat(cookieValue(signer, "apple"))
                .isEqualTo("s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU");
    }

    @Test
    void usesANonAsciiStringSecretAsItsUtf8Bytes() {
        // node: require('cookie-signature').sign('abc', 'clé secrète ☃') (Node's createHmac takes UTF-8)
        assertThat(signer("clé secrète ☃").sign("abc")).isEqualTo("abc.cotCksRI9J1Np4n0vWXxeeZ2B/KT/7c5sAxF51lgmjQ");
        assertThat(new CookieSigner(List.of("clé secrète ☃".getBytes(StandardCharsets.ISO_8859_1))).sign("abc"))
                .isNotEqualTo("abc.cotCksRI9J1Np4n0vWXxeeZ2B/KT/7c5sAxF51lgmjQ");
    }

    @Test
    void signsNonAsciiIdsAsUtf8() {
        CookieSigner signer = signer("keyboard cat");

        assertThat(signer.unsign(signer.sign("idé☃"))).isEqualTo("idé☃");
    }

    @Test
    void signsTheSameFromManyThreads() throws Exception {
        CookieSigner signer = signer("keyboard cat");
        String expected = signer.sign("apple");
        List<Thread> threads = new ArrayList<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    seen.add(signer.sign("apple"));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(seen).hasSize(1600).containsOnly(expected);
    }

    @Test
    void needsAtLeastOneSecret() {
        assertThatThrownBy(() -> new CookieSigner(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }
}
