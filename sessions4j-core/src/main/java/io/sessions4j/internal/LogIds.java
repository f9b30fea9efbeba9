package io.sessions4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Session ids never go to logs in clear (ASVS 16.2.5, Spring Session CVE-2023-20866): log this hash. */
public final class LogIds {
    private LogIds() {
    }

    /** A log argument that hashes the id only if the message is actually logged. */
    public static Object lazy(String id) {
        return new Object() {
            @Override
            public String toString() {
                return hash(id);
            }
        };
    }

    /** The first 8 bytes of SHA-256 of the id, in hex. */
    public static String hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
