package io.sessions4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A returning cookie is answered from the values the signer already verified: exactly those values, with the
 * secret that verified them, and nothing a client could not have verified itself.
 */
class VerifiedValuesTest {

    private static CookieSigner signer(String... secrets) {
        return new CookieSigner(List.of(secrets).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void aValueVerifiedOnceVerifiesAgainWithTheSameSecret() {
        CookieSigner old = signer("old secret");
        CookieSigner rotated = signer("new secret", "old secret");
        String signedWithOld = old.sign("abc");
        for (int i = 0; i < 3; i++) {
            assertThat(rotated.secretIndex(signedWithOld)).isEqualTo(1);
            assertThat(rotated.secretIndex(rotated.sign("abc"))).isZero();
        }
    }

    @Test
    void everyAlterationOfAVerifiedValueIsStillRefused() {
        CookieSigner signer = signer("keyboard cat");
        String signed = signer.sign("id-1234567890");
        assertThat(signer.secretIndex(signed)).isZero();
        for (int i = 0; i < signed.length(); i++) {
            char c = signed.charAt(i);
            String altered = signed.substring(0, i) + (char) (c == 'A' ? 'B' : 'A') + signed.substring(i + 1);
            assertThat(signer.secretIndex(altered)).as("changed at %d", i).isEqualTo(-1);
        }
        assertThat(signer.secretIndex(signed + "A")).isEqualTo(-1);
        assertThat(signer.secretIndex(signed.substring(0, signed.length() - 1))).isEqualTo(-1);
        assertThat(signer.secretIndex(signed)).isZero();
    }

    @Test
    void aValueAnotherSignerVerifiedIsNotAcceptedByASignerWithOtherSecrets() {
        CookieSigner a = signer("secret a");
        CookieSigner b = signer("secret b");
        String signed = a.sign("shared-id");
        assertThat(a.secretIndex(signed)).isZero();
        assertThat(b.secretIndex(signed)).isEqualTo(-1);
    }

    @Test
    void moreValuesThanSlotsAllStillVerifyAndForgeriesOfThemDoNot() {
        CookieSigner signer = signer("keyboard cat");
        int n = VerifiedValues.DEFAULT_SLOTS * 3;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                String signed = signer.sign("session-" + i);
                assertThat(signer.secretIndex(signed)).isZero();
                assertThat(signer.secretIndex("session-" + i + ".forgedsignatureforgedsignatureforgedsigna"))
                        .isEqualTo(-1);
                assertThat(signer.secretIndex(signer.sign("session-" + (i + 1)).replace("session-" + (i + 1),
                        "session-" + i))).isEqualTo(-1);
            }
        }
    }

    @Test
    void theSlotOfAValueDependsOnARandomKeyOfEachInstance() {
        // Strings of equal String.hashCode ("Aa" and "BB") must not be made to share a slot by choosing them.
        VerifiedValues one = new VerifiedValues(VerifiedValues.DEFAULT_SLOTS);
        VerifiedValues two = new VerifiedValues(VerifiedValues.DEFAULT_SLOTS);
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(one.hash("Aa")).isNotEqualTo(one.hash("BB"));
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            hashes.add(one.hash("value-" + i));
        }
        assertThat(hashes).hasSize(1000);
        assertThat(one.hash("value-1")).isNotEqualTo(two.hash("value-1")).isEqualTo(one.hash("value-1"));
        assertThat(one.hash("a")).isNotEqualTo(one.hash("a\u0000"));
    }
}
