package io.sessions4j.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Signed values that one {@link CookieSigner} has already verified, so that a returning cookie costs no HMAC.
 * Only successful verifications are kept, of the exact value, with the secret that verified it; the signer's
 * secrets never change, so a kept value stays valid for as long as that signer exists.
 *
 * <p>A value that is not kept must learn nothing from the lookup. It is a fixed table of slots (a newer value
 * takes an older one's slot), indexed by a hash keyed with random bits of this instance, so a client cannot aim
 * a value at the slot of someone else's cookie; and the comparison with what a slot holds is constant-time,
 * like the comparison of signatures.
 */
final class VerifiedValues {
    /** Room for the cookies in active use on one node: a slot is a reference to a string the request had anyway. */
    static final int DEFAULT_SLOTS = 4096;
    /** How much of a value's end its slot is chosen by: 16 characters, 96 bits of a base64 signature. */
    static final int HASHED_CHARS = 16;

    private record Verified(String signed, int secret) {
    }

    private final AtomicReferenceArray<Verified> slots;
    private final int mask;
    private final long k0;
    private final long k1;

    VerifiedValues(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
        SecureRandom random = new SecureRandom();
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
    }

    /** {@return the index of the secret that verified exactly {@code signed}, or -1 when it is not kept} */
    int secretIndex(String signed) {
        Verified v = slots.get(slot(signed));
        return v != null && CookieSigner.sameChars(v.signed, signed) ? v.secret : -1;
    }

    /** {@code signed} was just verified with secret {@code secret}. */
    void verified(String signed, int secret) {
        slots.set(slot(signed), new Verified(signed, secret));
    }

    private int slot(String s) {
        return (int) hash(s) & mask;
    }

    /**
     * SipHash-1-3 keyed with this instance's random key, over the last {@value #HASHED_CHARS} UTF-16 code units of the
     * string (4 to a word) and its length. The end of a signed value is its signature: for the values kept, as
     * unpredictable as the whole, and a fifth of the work of hashing an 80-character cookie.
     */
    long hash(String s) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int n = s.length();
        int i = Math.max(0, n - HASHED_CHARS);
        for (; i + 4 <= n; i += 4) {
            long m = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48;
            v3 ^= m;
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        // The length goes into the last word, so that strings that differ only in trailing zero chars differ.
        long last = (long) (n & 0xffff) << 48;
        for (int shift = 0; i < n; i++, shift += 16) {
            last |= (long) s.charAt(i) << shift;
        }
        v3 ^= last;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 3; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
