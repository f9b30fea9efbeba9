package io.sessions4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the cookie signature: a signed id always unsigns to itself with the
 * secret that signed it; any other text, including a signed value with one character changed, unsigns to
 * nothing; and no input makes the unsigner throw.
 */
class CookieSignerFuzzTest {
    private static final byte[] CURRENT = "signer fuzz secret, the current one".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLDER = "signer fuzz secret, an older one".getBytes(StandardCharsets.UTF_8);
    private static final CookieSigner BOTH = new CookieSigner(List.of(CURRENT, OLDER));
    private static final CookieSigner OLD_ONLY = new CookieSigner(List.of(OLDER));

    @FuzzTest(maxExecutions = 30_000)
    void signedIdsUnsignToThemselvesAndNothingElseUnsigns(FuzzedDataProvider data) {
        String id = data.consumeString(200);
        String signed = data.consumeBoolean() ? BOTH.sign(id) : OLD_ONLY.sign(id);
        int expectedSecret = signed.equals(BOTH.sign(id)) ? 0 : 1;
        assertEquals(expectedSecret, BOTH.secretIndex(signed));
        assertEquals(id, BOTH.unsign(signed));

        int at = data.consumeInt(0, signed.length() - 1);
        char replacement = data.consumeChar();
        String tampered = signed.substring(0, at) + replacement + signed.substring(at + 1);
        if (!tampered.equals(signed)) {
            assertNull(BOTH.unsign(tampered), "a changed signature or id must not verify");
        }

        String any = data.consumeRemainingAsString();
        String value = BOTH.unsign(any);
        if (value != null) {
            assertEquals(true, any.equals(BOTH.sign(value)) || any.equals(OLD_ONLY.sign(value)),
                    "only what one of the secrets signed verifies");
        }
    }
}
