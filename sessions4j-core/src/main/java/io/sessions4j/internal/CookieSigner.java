package io.sessions4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies session ids the way cookie-signature does: {@code id + "." + base64(HMAC-SHA256)}
 * without padding. The first secret signs; every secret is tried, in order, when verifying. The
 * comparison is constant-time.
 */
final class CookieSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final List<byte[]> secrets;
    private final List<Mac> prototypes;
    private final VerifiedValues verified = new VerifiedValues(VerifiedValues.DEFAULT_SLOTS);

    CookieSigner(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        List<Mac> macs = new ArrayList<>(secrets.size());
        List<byte[]> keys = new ArrayList<>(secrets.size());
        for (byte[] secret : secrets) {
            keys.add(secret.clone());
            macs.add(newMac(secret));
        }
        this.secrets = List.copyOf(keys);
        this.prototypes = List.copyOf(macs);
    }

    /** {@code value + "." + signature} with the first secret. */
    String sign(String value) {
        return sign(value, 0);
    }

    /**
     * The value a signed string carries, or {@code null} when no secret's signature matches. Like
     * cookie-signature, the value ends at the last {@code .}, so it may itself contain dots.
     */
    String unsign(String signed) {
        return secretIndex(signed) < 0 ? null : signed.substring(0, signed.lastIndexOf('.'));
    }

    /** Which secret signed {@code signed} (0 is the current one), or -1 when none did. */
    int secretIndex(String signed) {
        int known = verified.secretIndex(signed);
        if (known >= 0) {
            return known;
        }
        int dot = signed.lastIndexOf('.');
        if (dot < 0) {
            return -1;
        }
        String value = signed.substring(0, dot);
        if (!utf8CanCarry(value)) {
            // A lone surrogate is signed as '?': "a\ud800b" would verify with the signature of "a?b".
            return -1;
        }
        for (int i = 0; i < prototypes.size(); i++) {
            if (sameChars(sign(value, i), signed)) {
                verified.verified(signed, i);
                return i;
            }
        }
        return -1;
    }

    private static boolean utf8CanCarry(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Constant-time for strings of one length (signatures have one length per value); compares the
     * characters themselves rather than an encoding of them.
     */
    static boolean sameChars(String expected, String given) {
        if (expected.length() != given.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < expected.length(); i++) {
            diff |= expected.charAt(i) ^ given.charAt(i);
        }
        return diff == 0;
    }

    private String sign(String value, int secret) {
        byte[] mac = mac(secret).doFinal(value.getBytes(StandardCharsets.UTF_8));
        return value + '.' + BASE64.encodeToString(mac);
    }

    private Mac mac(int secret) {
        try {
            // A clone is cheap and reuses the initialized key schedule; SunJCE's HMAC supports it.
            return (Mac) prototypes.get(secret).clone();
        } catch (CloneNotSupportedException e) {
            return newMac(secrets.get(secret));
        }
    }

    private static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
