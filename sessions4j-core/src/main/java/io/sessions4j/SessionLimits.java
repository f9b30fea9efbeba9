package io.sessions4j;

import java.util.function.Consumer;

/**
 * How large a stored session may be. The same limits apply to what this library writes and to what it
 * reads, so it never stores a session it would refuse to load:
 *
 * <ul>
 *   <li>at {@link Session#put}, a value over a limit is refused with an {@link IllegalArgumentException}
 *       that names the key and the limit;</li>
 *   <li>at save, a session whose JSON is over {@link #maxSessionBytes()} (or a value that grew over a limit by
 *       an in-place change) is refused with a {@link SessionTooLargeException}, and the stored session is left
 *       as it was;</li>
 *   <li>a stored record over the limits (written by another application) is treated as unreadable: the
 *       request gets a fresh session, the record is logged once (with a hashed id) and left in the store.</li>
 * </ul>
 *
 * <p>Defaults: {@code maxSessionBytes} 4 MiB (4,194,304 bytes of UTF-8 JSON), and Jackson's own read defaults
 * for the rest: nesting depth 1,000, strings of 20,000,000 characters, numbers of 1,000 digits, property
 * names of 50,000 characters.
 *
 * <pre>{@code
 * SessionConfig config = SessionConfig.builder()
 *         .secrets(secret)
 *         .limits(l -> l.maxSessionBytes(256 * 1024).maxNestingDepth(64))
 *         .build();
 * }</pre>
 */
public final class SessionLimits {
    private static final SessionLimits DEFAULTS = builder().build();

    private final int maxSessionBytes;
    private final int maxNestingDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final int maxNameLength;

    private SessionLimits(Builder b) {
        this.maxSessionBytes = b.maxSessionBytes;
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxStringLength = b.maxStringLength;
        this.maxNumberLength = b.maxNumberLength;
        this.maxNameLength = b.maxNameLength;
    }

    /** {@return the default limits} */
    public static SessionLimits defaults() {
        return DEFAULTS;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Limits built by applying {@code spec} to a builder holding the defaults.
     *
     * @param spec changes to the defaults
     * @return the limits
     */
    public static SessionLimits create(Consumer<Builder> spec) {
        Builder b = builder();
        spec.accept(b);
        return b.build();
    }

    /** {@return the largest stored session, in bytes of its UTF-8 JSON (when reading: in characters)} */
    public int maxSessionBytes() {
        return maxSessionBytes;
    }

    /** {@return the deepest nesting of objects and arrays in the stored JSON, the session object counting as 1} */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** {@return the longest string value, in characters} */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** {@return the longest number, in characters of its JSON text} */
    public int maxNumberLength() {
        return maxNumberLength;
    }

    /** {@return the longest property name (session keys included), in characters} */
    public int maxNameLength() {
        return maxNameLength;
    }

    @Override
    public String toString() {
        return "SessionLimits[maxSessionBytes=" + maxSessionBytes + ", maxNestingDepth=" + maxNestingDepth
                + ", maxStringLength=" + maxStringLength + ", maxNumberLength=" + maxNumberLength
                + ", maxNameLength=" + maxNameLength + "]";
    }

    /** Mutable builder of {@link SessionLimits}, holding the defaults. */
    public static final class Builder {
        private int maxSessionBytes = 4 * 1024 * 1024;
        private int maxNestingDepth = 1000;
        private int maxStringLength = 20_000_000;
        private int maxNumberLength = 1000;
        private int maxNameLength = 50_000;

        private Builder() {
        }

        /**
         * Sets {@link SessionLimits#maxSessionBytes()}.
         *
         * @param maxSessionBytes at least 1,024
         * @return this builder
         */
        public Builder maxSessionBytes(int maxSessionBytes) {
            this.maxSessionBytes = maxSessionBytes;
            return this;
        }

        /**
         * Sets {@link SessionLimits#maxNestingDepth()}.
         *
         * @param maxNestingDepth at least 3: the session object, the {@code cookie} object and the metadata's
         *     {@code types} object
         * @return this builder
         */
        public Builder maxNestingDepth(int maxNestingDepth) {
            this.maxNestingDepth = maxNestingDepth;
            return this;
        }

        /**
         * Sets {@link SessionLimits#maxStringLength()}.
         *
         * @param maxStringLength at least 64
         * @return this builder
         */
        public Builder maxStringLength(int maxStringLength) {
            this.maxStringLength = maxStringLength;
            return this;
        }

        /**
         * Sets {@link SessionLimits#maxNumberLength()}.
         *
         * @param maxNumberLength at least 32
         * @return this builder
         */
        public Builder maxNumberLength(int maxNumberLength) {
            this.maxNumberLength = maxNumberLength;
            return this;
        }

        /**
         * Sets {@link SessionLimits#maxNameLength()}.
         *
         * @param maxNameLength at least 64
         * @return this builder
         */
        public Builder maxNameLength(int maxNameLength) {
            this.maxNameLength = maxNameLength;
            return this;
        }

        /**
         * Checks the limits and builds them.
         *
         * @return the limits
         * @throws IllegalArgumentException naming the first limit that is too small to hold a session
         */
        public SessionLimits build() {
            atLeast("maxSessionBytes", maxSessionBytes, 1024);
            atLeast("maxNestingDepth", maxNestingDepth, 3);
            atLeast("maxStringLength", maxStringLength, 64);
            atLeast("maxNumberLength", maxNumberLength, 32);
            atLeast("maxNameLength", maxNameLength, 64);
            return new SessionLimits(this);
        }

        private static void atLeast(String option, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("limits." + option + ": must be at least " + min + ", got " + value);
            }
        }
    }
}
