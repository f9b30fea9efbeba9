package io.sessions4j.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JavaScript's {@code encodeURIComponent} / {@code decodeURIComponent}, which express-session uses for
 * cookie values. ({@link java.net.URLEncoder} differs: it writes spaces as {@code +} and escapes
 * {@code *} and {@code ~}.)
 */
public final class UriComponent {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c : "-_.!~*'()".toCharArray()) {
            UNRESERVED[c] = true;
        }
    }

    private UriComponent() {
    }

    /**
     * Encodes like {@code encodeURIComponent}.
     *
     * @throws IllegalArgumentException for a lone surrogate (JavaScript throws {@code URIError})
     */
    public static String encode(String s) {
        int i = unreservedEnd(s, 0);
        if (i == s.length()) {
            return s;
        }
        return appendEncoded(new StringBuilder(s.length() + 16).append(s, 0, i), s, i).toString();
    }

    /** The end of the run of characters from {@code from} on that encoding keeps as they are. */
    private static int unreservedEnd(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) < 128 && UNRESERVED[s.charAt(i)]) {
            i++;
        }
        return i;
    }

    /** Appends {@link #encode} of {@code s} to {@code out}, for a header that holds it, without a string of its own. */
    static StringBuilder appendEncoded(StringBuilder out, String s) {
        return appendEncoded(out, s, 0);
    }

    private static StringBuilder appendEncoded(StringBuilder out, String s, int from) {
        int i = from;
        // Made at the first non-ASCII character only: a signed cookie value needs none.
        CharsetEncoder encoder = null;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c < 128) {
                if (UNRESERVED[c]) {
                    // The run of characters kept as they are in one append: a char at a time costs a coder check each.
                    int runEnd = unreservedEnd(s, i);
                    out.append(s, i, runEnd);
                    i = runEnd;
                } else {
                    out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    i++;
                }
                continue;
            }
            if (encoder == null) {
                encoder = StandardCharsets.UTF_8.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            int len = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
            ByteBuffer bytes;
            try {
                bytes = encoder.encode(CharBuffer.wrap(s, i, i + len));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("cannot encode a lone surrogate at index " + i, e);
            }
            while (bytes.hasRemaining()) {
                int b = bytes.get() & 0xFF;
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
            i += len;
        }
        return out;
    }

    /**
     * Decodes like {@code decodeURIComponent}.
     *
     * @return the decoded text, or {@code null} when the input holds a malformed escape or invalid UTF-8
     *     (where JavaScript throws {@code URIError})
     */
    public static String decode(String s) {
        return decode(s, 0, s.length());
    }

    /** As {@link #decode(String)} of {@code s.substring(from, to)}, without making that substring first. */
    static String decode(String s, int from, int to) {
        int pct = s.indexOf('%', from);
        if (pct < 0 || pct >= to) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        out.append(s, from, pct);
        // Allocated for the first escape of a byte beyond ASCII only: a session cookie escapes just ASCII.
        ByteBuffer bytes = null;
        CharsetDecoder decoder = null;
        int i = pct;
        while (i < to) {
            char c = s.charAt(i);
            if (c != '%') {
                // The run up to the next escape in one append: a char at a time costs a coder check each.
                int next = s.indexOf('%', i);
                int runEnd = next < 0 || next > to ? to : next;
                out.append(s, i, runEnd);
                i = runEnd;
                continue;
            }
            int end = i;
            boolean ascii = true;
            while (end < to && s.charAt(end) == '%') {
                if (end + 2 >= to) {
                    return null;
                }
                int hi = hexDigit(s.charAt(end + 1));
                int lo = hexDigit(s.charAt(end + 2));
                if (hi < 0 || lo < 0) {
                    return null;
                }
                ascii &= hi < 8;
                end += 3;
            }
            if (ascii) {
                // An ASCII byte is a whole character in UTF-8, whatever surrounds it.
                for (int j = i; j < end; j += 3) {
                    out.append((char) (hexDigit(s.charAt(j + 1)) << 4 | hexDigit(s.charAt(j + 2))));
                }
                i = end;
                continue;
            }
            if (bytes == null) {
                bytes = ByteBuffer.allocate(to - from);
                decoder = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
            }
            bytes.clear();
            for (; i < end; i += 3) {
                bytes.put((byte) (hexDigit(s.charAt(i + 1)) << 4 | hexDigit(s.charAt(i + 2))));
            }
            bytes.flip();
            try {
                out.append(decoder.decode(bytes));
            } catch (CharacterCodingException e) {
                return null;
            }
        }
        return out.toString();
    }

    /** JavaScript accepts only ASCII hex digits; {@link Character#digit} would also take e.g. full-width ones. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
