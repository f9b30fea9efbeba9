package io.sessions4j.internal;

/** The UTF-8 length of a string without encoding it. */
final class Utf8 {
    private Utf8() {
    }

    /** {@return how many bytes UTF-8 takes for {@code s}} A lone surrogate counts as the one byte of {@code ?}. */
    static int length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
