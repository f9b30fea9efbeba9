package io.sessions4j.servlet;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * How many bytes characters become in the response's charset: exact for UTF-8 and the single-byte
 * charsets, and the charset's worst case otherwise, so a commit is never late.
 */
final class EncodedLength {
    private final Kind kind;
    private final int maxBytesPerChar;

    private enum Kind { UTF8, SINGLE_BYTE, WORST_CASE }

    private EncodedLength(Kind kind, int maxBytesPerChar) {
        this.kind = kind;
        this.maxBytesPerChar = maxBytesPerChar;
    }

    static EncodedLength of(String charsetName) {
        Charset charset = charset(charsetName);
        if (charset.equals(StandardCharsets.UTF_8)) {
            return new EncodedLength(Kind.UTF8, 3);
        }
        if (charset.equals(StandardCharsets.ISO_8859_1) || charset.equals(StandardCharsets.US_ASCII)) {
            return new EncodedLength(Kind.SINGLE_BYTE, 1);
        }
        int max = charset.canEncode() ? (int) Math.ceil(charset.newEncoder().maxBytesPerChar()) : 4;
        return new EncodedLength(Kind.WORST_CASE, Math.max(max, 1));
    }

    long of(char c) {
        return switch (kind) {
            case UTF8 -> utf8(c);
            case SINGLE_BYTE -> 1;
            case WORST_CASE -> maxBytesPerChar;
        };
    }

    long of(CharSequence chars, int off, int len) {
        if (kind != Kind.UTF8) {
            return (long) len * maxBytesPerChar;
        }
        long bytes = 0;
        for (int i = off; i < off + len; i++) {
            bytes += utf8(chars.charAt(i));
        }
        return bytes;
    }

    long of(char[] chars, int off, int len) {
        if (kind != Kind.UTF8) {
            return (long) len * maxBytesPerChar;
        }
        long bytes = 0;
        for (int i = off; i < off + len; i++) {
            bytes += utf8(chars[i]);
        }
        return bytes;
    }

    /** A surrogate pair is 4 bytes: 2 for each half, so halves split across writes still add up. */
    private static int utf8(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800 || Character.isSurrogate(c)) {
            return 2;
        }
        return 3;
    }

    private static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_16;
        }
    }
}
