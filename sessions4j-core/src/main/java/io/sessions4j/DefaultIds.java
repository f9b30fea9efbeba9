package io.sessions4j;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

/** The default session id: 24 bytes from {@link SecureRandom} as 32 base64url characters (uid-safe's format). */
final class DefaultIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    static final Function<RequestInfo, String> GENERATOR = request -> next();

    private DefaultIds() {
    }

    static String next() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
